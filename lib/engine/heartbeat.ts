// A worker's heartbeat: it records that it is alive every heartbeatIntervalMs, and takes over the leases of
// workers whose heartbeat stopped, so that crashed work is claimed again in seconds instead of when its leases
// (leaseMs, 30 s by default) expire.
import { hostname } from 'node:os';
import type { EngineLog } from './logs';
import type { HeartbeatStore, WorkerHeartbeat } from './store';

/** How a worker's heartbeat behaves. */
export interface HeartbeatOptions {
  /** How often the worker records its heartbeat and judges the others' (ms). */
  heartbeatIntervalMs: number;
  /**
   * How long another worker's heartbeat may stay unchanged, as this worker observes it, before its leases are
   * taken over (ms). Observed on this worker's clock, so clocks of other machines do not matter.
   */
  workerGraceMs: number;
  /** The host name recorded (default: the machine's); workers on the same host also check each other's process IDs. */
  workerHost: string;
  /** The version recorded with each beat (the app's package version; the dashboard's System page shows it). */
  workerVersion?: string;
}

/** Defaults: a beat every second, takeover after 5 s without one. */
export const DEFAULT_HEARTBEAT_OPTIONS: Omit<HeartbeatOptions, 'workerHost'> = { heartbeatIntervalMs: 1_000, workerGraceMs: 5_000 };

/** What the heartbeat asks of the runtime: the store, who it is, and what to do once it released someone's leases. */
export interface HeartbeatDependencies {
  store: HeartbeatStore;
  workerId: string;
  options: HeartbeatOptions;
  log: EngineLog;
  /** Called after leases were taken over (wake the workers: there is work to claim now). */
  onTakeover(workerIds: string[]): void;
  /** The steps and activity attempts running now, recorded with each beat. */
  inFlight?(): { steps: number; activities: number };
}

/** Another worker's heartbeat as this one last saw it: its lastSeenAt, and since when (monotonic clock) it has not changed. */
type Observation = { lastSeenAt: number; unchangedSince: number };

/**
 * Records this worker's heartbeat and takes over dead workers' leases. A worker is dead when its heartbeat has
 * not changed for workerGraceMs of this worker's continuous observation, or at once when it ran on this host, has
 * missed two beats and its process is gone (a restarted server on the same SQLite file sees its predecessor gone).
 */
export class Heartbeat {
  private readonly startedAt = new Date();
  private readonly observed = new Map<string, Observation>();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  /** When (monotonic) the last beat that succeeded began. */
  private lastBeatAt: number | undefined;
  private failing = false;

  constructor(private readonly deps: HeartbeatDependencies) {}

  /** Starts beating (the first beat now). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.beat(), this.deps.options.heartbeatIntervalMs);
    this.timer.unref();
    this.beat();
  }

  /** Stops beating and deletes this worker's heartbeat row (a graceful stop: nobody needs to take it over). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.beating;
    this.observed.clear();
    this.lastBeatAt = undefined;
    await this.deps.store.deleteHeartbeat(this.deps.workerId).catch(() => undefined);
  }

  /** Runs one beat unless the previous one is still running (a slow database must not pile beats up). */
  private beat(): void {
    if (this.beating) return;
    this.beating = this.tick().finally(() => (this.beating = undefined));
  }

  private async tick(): Promise<void> {
    const { store, workerId, options, log } = this.deps;
    const beganAt = performance.now();
    // This worker's own beat is late (its event loop was blocked): the others may have been too, judge afresh.
    if (this.lastBeatAt !== undefined && beganAt - this.lastBeatAt > 2 * options.heartbeatIntervalMs) this.observed.clear();
    try {
      await store.recordHeartbeat({
        workerId,
        host: options.workerHost,
        pid: process.pid,
        startedAt: this.startedAt,
        lastSeenAt: new Date(),
        ...(options.workerVersion === undefined ? {} : { version: options.workerVersion }),
        ...(this.deps.inFlight ? { inFlight: this.deps.inFlight() } : {}),
      });
      const dead = this.judge(await store.listHeartbeats(), Date.now(), performance.now());
      this.lastBeatAt = beganAt;
      const taken: string[] = [];
      for (const worker of dead) if (await store.takeOverWorker(worker.workerId, worker.lastSeenAt)) taken.push(worker.workerId);
      if (this.failing) log.message('info', 'heartbeat recorded again');
      this.failing = false;
      if (taken.length === 0) return;
      for (const id of taken) log.message('warn', `worker ${id} stopped beating; its leases were taken over`);
      this.deps.onTakeover(taken);
    } catch (error) {
      // Nobody could beat while the database was away: judge everyone afresh once it is back.
      this.observed.clear();
      if (!this.failing) log.message('warn', 'recording the heartbeat failed; retrying', error);
      this.failing = true;
    }
  }

  /** The other workers to take over now (`now`: wall clock, `tick`: monotonic), updating what this worker has observed of each. */
  private judge(workers: WorkerHeartbeat[], now: number, tick: number): WorkerHeartbeat[] {
    const { workerId, options } = this.deps;
    const others = workers.filter((w) => w.workerId !== workerId);
    for (const id of this.observed.keys()) if (!others.some((w) => w.workerId === id)) this.observed.delete(id);
    return others.filter((worker) => {
      const lastSeenAt = worker.lastSeenAt.getTime();
      let seen = this.observed.get(worker.workerId);
      if (!seen || seen.lastSeenAt !== lastSeenAt) this.observed.set(worker.workerId, (seen = { lastSeenAt, unchangedSince: tick }));
      if (tick - seen.unchangedSince >= options.workerGraceMs) return true;
      // Same host, same clock: a worker that missed two beats and whose process is gone is dead now.
      return worker.host === options.workerHost && now - lastSeenAt > 2 * options.heartbeatIntervalMs && !isProcessAlive(worker.pid, worker.startedAt);
    });
  }
}

/** The host name a heartbeat records by default. */
export function defaultHeartbeatHost(): string {
  return hostname();
}

/** When this process started (its runtimes' heartbeats all started since). */
const PROCESS_STARTED_AT = Date.now() - process.uptime() * 1000;

/**
 * True when the process `pid` of a worker that started at `startedAt` may still be running on this host: the
 * process exists (EPERM: it belongs to another user) and, if it is this one's own ID, the worker started after
 * this process did (a predecessor that had this process's ID, as a container's PID 1 has, is gone).
 */
export function isProcessAlive(pid: number, startedAt: Date): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // not a process ID this host can check
  if (pid === process.pid) return startedAt.getTime() >= PROCESS_STARTED_AT - 1_000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
