import type { EngineLog } from './logs';
import { Wakeup, yieldToEventLoop } from './work-notifier';

/** The first pause after a failed claim (ms); each further failure doubles it, up to BACKOFF_MAX_MS. */
export const BACKOFF_FIRST_MS = 100;
/** The longest pause between claims while they fail (ms): work resumes at most this long after the database is back. */
export const BACKOFF_MAX_MS = 2_000;

/** The pause after the `failures`-th failed claim in a row: exponential, capped, jittered to 50-100 % of it. */
export function claimBackoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return ceiling * (0.5 + random() / 2);
}

/**
 * A database outage as the claim loops of one runtime see it: it begins at the first claim that fails while
 * none was failing and ends when every loop that failed has claimed again. Logged once each way.
 */
class Outage {
  private readonly failing = new Set<object>();
  private since: number | undefined;

  constructor(private readonly log: EngineLog) {}

  failed(loop: object, what: string, error: unknown): void {
    if (this.since === undefined) {
      this.since = Date.now();
      this.log.event('database-outage-began', { message: `claiming ${what} failed: the database is unavailable; work pauses until it is back`, error });
    }
    this.failing.add(loop);
  }

  claimed(loop: object): void {
    if (!this.failing.delete(loop) || this.failing.size > 0 || this.since === undefined) return;
    const durationMs = Date.now() - this.since;
    this.since = undefined;
    this.log.event('database-outage-ended', { message: `the database is available again after ${(durationMs / 1000).toFixed(1)} s; work resumes`, durationMs });
  }

  /** A loop that stops stops counting (an outage no running loop sees any more ends without a line). */
  forget(loop: object): void {
    this.failing.delete(loop);
    if (this.failing.size === 0) this.since = undefined;
  }
}

// One outage per runtime: its workers share its log, so the log is the key.
const outages = new WeakMap<EngineLog, Outage>();

function outageOf(log: EngineLog): Outage {
  let outage = outages.get(log);
  if (!outage) outages.set(log, (outage = new Outage(log)));
  return outage;
}

/** What a claim loop does: how much work may run at once, how to claim it, how to handle one item. */
export interface ClaimLoopWork<T> {
  /** Named in log lines ("claiming <what> failed"). */
  what: string;
  /** The most items handled at once (a function: re-read before every claim). */
  maxInFlight: number | (() => number);
  /** The most items one claim asks for. */
  batchSize: number;
  pollIntervalMs: number;
  claim(limit: number): Promise<T[]>;
  handle(item: T): Promise<void>;
  /** How long to sleep when a claim found nothing (default: the poll interval). */
  idleDelay?(): Promise<number>;
  /** Told of every failed claim (telemetry); must not throw. */
  claimFailed?(error: unknown): void;
}

/**
 * Claims work in batches while there is capacity, handles the items concurrently, and sleeps when idle
 * until the poll interval passes or `wake()` is called (in-process wake-ups instead of polling delays).
 * While claims fail (the database is down) it backs off (claimBackoffMs, not cut short by wake-ups) and
 * logs the outage once when it begins and once when it ends (database-outage-began/-ended, shared by the
 * loops of one runtime); the items in flight go on and fail or finish on their own.
 */
export class ClaimLoop<T> {
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly outage: Outage;
  private failures = 0;
  private stopBackoff: (() => void) | undefined;
  /** The last claim took all it asked for, or there was no room: any item finishing may let waiting work in. */
  private full = false;

  constructor(
    private readonly work: ClaimLoopWork<T>,
    log: EngineLog,
  ) {
    this.outage = outageOf(log);
  }

  /** Items being handled right now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** How many more items may be handled now (maxInFlight minus those in flight; 0 once stopped). */
  get room(): number {
    if (!this.running) return 0;
    const max = typeof this.work.maxInFlight === 'number' ? this.work.maxInFlight : this.work.maxInFlight();
    return Math.max(0, max - this.inFlight.size);
  }

  /** Counts work that did not come from a claim (handed over directly) as in flight until it settles; stop() waits for it too. */
  add(handling: Promise<void>): void {
    this.track(handling, false);
  }

  /** Starts claiming. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Ends the claim loop after its current claim; items in flight go on (see `settled`). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.notify();
    this.stopBackoff?.();
    await this.loopDone;
    this.outage.forget(this);
  }

  /** Resolves when every item in flight has been handled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Claims again now instead of at the end of the current sleep. */
  wake(): void {
    this.wakeup.notify();
  }

  private async loop(): Promise<void> {
    const { work } = this;
    while (this.running) {
      // Let timers and I/O run between iterations even when every store call resolves immediately.
      await yieldToEventLoop();
      const max = typeof work.maxInFlight === 'number' ? work.maxInFlight : work.maxInFlight();
      const capacity = max - this.inFlight.size;
      if (capacity <= 0) {
        this.full = true;
        await this.wakeup.wait(work.pollIntervalMs);
        continue;
      }
      const limit = Math.min(capacity, work.batchSize);
      let items: T[];
      try {
        items = await work.claim(limit);
      } catch (error) {
        work.claimFailed?.(error);
        this.outage.failed(this, work.what, error);
        await this.backOff(claimBackoffMs(++this.failures));
        continue;
      }
      if (this.failures > 0) {
        this.failures = 0;
        this.outage.claimed(this);
      }
      this.full = items.length >= limit;
      if (items.length === 0) {
        await this.wakeup.wait(work.idleDelay ? await work.idleDelay() : work.pollIntervalMs);
        continue;
      }
      for (const item of items) this.track(work.handle(item), true);
    }
  }

  /** Sleeps `ms` after a failed claim; only stop() ends it early. */
  private backOff(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.stopBackoff = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.stopBackoff = undefined));
  }

  /**
   * Counts an item as in flight until it settles, then claims again if work may be waiting: behind a claimed item
   * (a claim skips what it holds: messages that arrived meanwhile), or for room. Work handed over directly holds
   * nothing a claim skips, so it wakes the loop only when room was short; new work wakes the loop itself.
   */
  private track(handling: Promise<void>, claimed: boolean): void {
    this.inFlight.add(handling);
    void handling.finally(() => {
      this.inFlight.delete(handling);
      if (claimed || this.full) this.wakeup.notify();
    });
  }
}
