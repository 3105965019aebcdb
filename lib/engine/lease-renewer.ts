import type { EngineLog } from './logs';

/**
 * Keeps the leases of work in flight alive: every third of the lease time it renews the leases of the items
 * being handled, so a long step or activity is not claimed again by another worker while it still runs.
 * Renewals that keep failing (a database outage) are logged once, at the first failure; the next success
 * re-arms the line.
 */
export class LeaseRenewer<K> {
  private readonly held = new Set<K>();
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly what: string,
    private readonly leaseMs: number,
    private readonly renew: (keys: K[]) => Promise<unknown>,
    private readonly log: EngineLog,
  ) {}

  /** Starts renewing. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.renewAll(), Math.max(100, this.leaseMs / 3));
    this.timer.unref();
  }

  /** Stops renewing. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs `work` with `key`'s lease renewed until it settles. */
  async whileHeld<T>(key: K, work: () => Promise<T>): Promise<T> {
    this.held.add(key);
    try {
      return await work();
    } finally {
      this.held.delete(key);
    }
  }

  private async renewAll(): Promise<void> {
    const keys = [...this.held];
    if (!keys.length) return;
    try {
      await this.renew(keys);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.event('lease-renewal-failed', { message: `renewing ${this.what} leases failed; retrying (not logged again until a renewal succeeds)`, error });
      this.failing = true;
    }
  }
}
