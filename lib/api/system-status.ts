// GET /api/system: what the dashboard's System page shows: this process, the engine workers on the database and
// the SDK workers connected here, throughput and latency of the last 15 minutes, backlog, timers due, the
// database's health and retention.
import type { RetentionStatus } from '../retention/process-retention';
import { hostname } from 'node:os';
import packageJson from '../../package.json';
import type { WorkflowStore } from '../engine/store';
import type { MetricsTelemetry } from '../observability/metrics';
import { SAMPLE_WIDTH_MS, type SamplePoint } from '../observability/system-samples';
import { TIMERS_DUE_HORIZON_MS } from '../observability/store-poller';
import { checkDatabaseWrites, databaseFaultOf } from '../store/database-faults';

/** An engine worker with a heartbeat on this database (the process serving the page is `self`). */
export interface SystemWorker {
  workerId: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
  live: boolean;
  self: boolean;
  /** Steps and activities running in it: as of its last heartbeat (this process: now); null when it does not record them. */
  inFlight: { steps: number; activities: number } | null;
  /** The Flowdeck version it runs; null when it does not record it. */
  version: string | null;
}

/** A Dapr SDK worker connected to this process over gRPC (one GetWorkItems stream). */
export interface SystemRemoteWorker {
  id: number;
  peer: string;
  connectedAt: string;
  /** Work items sent to it and not answered yet: its steps and activities in flight. */
  outstanding: number;
}

/** The database: its kind and whether it answers and takes writes. */
export interface SystemDatabase {
  kind: 'sqlite' | 'postgresql';
  status: 'ok' | 'degraded' | 'unavailable';
  reason?: string;
}

/** The body of GET /api/system. */
export interface SystemResponse {
  generatedAt: string;
  /** The process answering. */
  process: { workerId: string; host: string; pid: number; version: string; startedAt: string };
  workers: SystemWorker[];
  remoteWorkers: SystemRemoteWorker[];
  database: SystemDatabase;
  /** Ages of the oldest waiting work (seconds) and timers due in the next minute; null while the database does not answer. */
  backlog: { inboxAgeSeconds: number; activityAgeSeconds: number; timersDueNextMinute: number } | null;
  /** This process's throughput and mean latencies in 10 s buckets over 15 minutes; null with FLOWDECK_METRICS=off. */
  throughput: { bucketSeconds: number; points: SamplePoint[] } | null;
  /** Finished instances' retention: its policy and the last sweep any process recorded. */
  retention: RetentionStatus;
  metrics: { enabled: boolean; path: string };
}

/** What the system status is read from: the process's engine pieces. */
export interface SystemSources {
  store: WorkflowStore;
  dialect: 'sqlite' | 'postgresql';
  workerId: string;
  workerGraceMs: number;
  pingDatabase(): Promise<void>;
  metrics?: MetricsTelemetry;
  remoteWorkers?: () => { id: number; peer: string; connectedAt: Date; outstanding: number }[];
  /** The retention policy and its last run (absent: none configured). */
  retention?: () => Promise<RetentionStatus>;
}

const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000);

/** Reads the system status; a database that does not answer is reported in the body, never thrown. */
export async function readSystemStatus(sources: SystemSources, now: Date = new Date()): Promise<SystemResponse> {
  const database = await databaseHealth(sources);
  const readable = database.status !== 'unavailable';
  const [heartbeats, backlog] = readable
    ? await Promise.all([sources.store.listHeartbeats().catch(() => []), sources.store.readBacklog(now, TIMERS_DUE_HORIZON_MS).catch(() => undefined)])
    : [[], undefined];
  const age = (at: Date | undefined) => (at ? Math.max(0, now.getTime() - at.getTime()) / 1000 : 0);
  const metrics = sources.metrics;
  return {
    generatedAt: now.toISOString(),
    process: { workerId: sources.workerId, host: hostname(), pid: process.pid, version: packageJson.version, startedAt: PROCESS_STARTED_AT.toISOString() },
    workers: heartbeats.map((w) => {
      const self = w.workerId === sources.workerId;
      return {
        workerId: w.workerId,
        host: w.host,
        pid: w.pid,
        startedAt: w.startedAt.toISOString(),
        lastSeenAt: w.lastSeenAt.toISOString(),
        live: now.getTime() - w.lastSeenAt.getTime() <= sources.workerGraceMs,
        self,
        inFlight: self && metrics ? metrics.inFlight() : (w.inFlight ?? null),
        version: w.version ?? (self ? packageJson.version : null),
      };
    }),
    remoteWorkers: (sources.remoteWorkers?.() ?? []).map((r) => ({ ...r, connectedAt: r.connectedAt.toISOString() })),
    database,
    backlog: backlog
      ? { inboxAgeSeconds: age(backlog.oldestInboxVisibleAt), activityAgeSeconds: age(backlog.oldestActivityVisibleAt), timersDueNextMinute: backlog.timersDue }
      : null,
    throughput: metrics ? { bucketSeconds: SAMPLE_WIDTH_MS / 1000, points: metrics.samples.points() } : null,
    retention: readable && sources.retention ? await sources.retention() : { configured: false },
    metrics: { enabled: metrics !== undefined, path: '/metrics' },
  };
}

async function databaseHealth(sources: SystemSources): Promise<SystemDatabase> {
  try {
    await sources.pingDatabase();
  } catch (error) {
    return { kind: sources.dialect, status: 'unavailable', reason: databaseFaultOf(error)?.message ?? 'the database did not answer' };
  }
  const writes = await checkDatabaseWrites();
  return writes.ok ? { kind: sources.dialect, status: 'ok' } : { kind: sources.dialect, status: 'degraded', reason: writes.reason };
}
