// Failed sign-ins are limited per client address (10 a minute by default) and in all (a client that invents
// addresses in X-Forwarded-For still meets the overall cap); rate-limiter-flexible counts them in memory, per process.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Seconds until a limited client may try again, or undefined when it may try now. */
export type RetryAfter = number | undefined;

/** Counts failed sign-ins; refuses further attempts from an address (or everybody) over the limit. */
export class SignInLimiter {
  private readonly perAddress: RateLimiterMemory;
  private readonly overall: RateLimiterMemory;

  constructor(perAddressPerMinute = 10, overallPerMinute = 100) {
    this.perAddress = new RateLimiterMemory({ points: perAddressPerMinute, duration: 60 });
    this.overall = new RateLimiterMemory({ points: overallPerMinute, duration: 60 });
  }

  /** When `address` (or everybody) has used up its failures: the seconds to wait; else undefined. */
  async blocked(address: string): Promise<RetryAfter> {
    const [mine, all] = await Promise.all([this.perAddress.get(address), this.overall.get('*')]);
    const waits = [mine, all].filter((res): res is RateLimiterRes => res !== null && res.remainingPoints <= 0).map((res) => res.msBeforeNext);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : undefined;
  }

  /** Records a failed sign-in from `address`. */
  async failed(address: string): Promise<void> {
    await Promise.all([this.perAddress.penalty(address, 1), this.overall.penalty('*', 1)]);
  }
}

/**
 * The client address a request came from: X-Forwarded-For, which the server (scripts/serve.mjs) sets from the
 * socket, or keeps as a reverse proxy in front set it with FLOWDECK_TRUST_PROXY=1. The whole header is the key;
 * should a forged one get through, the overall cap still holds.
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.trim() || request.headers.get('x-real-ip')?.trim() || 'unknown';
}
