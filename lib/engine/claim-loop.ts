import type { EngineLog } from './logs';
import { Wakeup, yieldToEventLoop } from './work-notifier';

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
}

/**
 * Claims work in batches while there is capacity, handles the items concurrently, and sleeps when idle
 * until the poll interval passes or `wake()` is called (in-process wake-ups instead of polling delays).
 */
export class ClaimLoop<T> {
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly work: ClaimLoopWork<T>,
    private readonly log: EngineLog,
  ) {}

  /** Items being handled right now. */
  get size(): number {
    return this.inFlight.size;
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
    await this.loopDone;
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
        await this.wakeup.wait(work.pollIntervalMs);
        continue;
      }
      let items: T[];
      try {
        items = await work.claim(Math.min(capacity, work.batchSize));
      } catch (error) {
        this.log.event('claim-failed', { message: `claiming ${work.what} failed; retrying`, error });
        await this.wakeup.wait(work.pollIntervalMs);
        continue;
      }
      if (items.length === 0) {
        await this.wakeup.wait(work.idleDelay ? await work.idleDelay() : work.pollIntervalMs);
        continue;
      }
      for (const item of items) this.track(work.handle(item));
    }
  }

  private track(handling: Promise<void>): void {
    this.inFlight.add(handling);
    void handling.finally(() => {
      this.inFlight.delete(handling);
      this.wakeup.notify();
    });
  }
}
