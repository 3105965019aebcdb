// The periodic database reads behind the gauges that describe the whole database rather than this process:
// instances by workflow and status, backlog ages and timers due soon. One read every interval, never per scrape.
import type { BacklogSnapshot, InstanceNameStatusCount, OperationsStore } from '../engine/store';

/** What one poll read, and when. */
export interface StoreReading {
  at: Date;
  counts: InstanceNameStatusCount[];
  backlog: BacklogSnapshot;
}

/** How far ahead "timers due soon" looks (ms). */
export const TIMERS_DUE_HORIZON_MS = 60_000;

/** Reads the store every `intervalMs` (the first read at start) and hands each reading to `onReading`; failures to `onError`. */
export class StorePoller {
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: OperationsStore,
    private readonly intervalMs: number,
    private readonly onReading: (reading: StoreReading) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts polling. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  /** Stops polling and waits for a read in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
  }

  /** Reads now (or waits for the read in flight). */
  poll(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    try {
      const at = new Date();
      const [counts, backlog] = await Promise.all([this.store.countInstancesByNameAndStatus(), this.store.readBacklog(at, TIMERS_DUE_HORIZON_MS)]);
      this.onReading({ at, counts, backlog });
    } catch (error) {
      this.onError(error);
    }
  }
}
