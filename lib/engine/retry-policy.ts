/** How a failed activity or child workflow is retried; retries wait on durable timers. */
export interface RetryPolicy {
  /** Total attempts including the first (>= 1). */
  maxNumberOfAttempts: number;
  /** Delay before the first retry, in milliseconds. */
  firstRetryIntervalInMilliseconds: number;
  /** Each retry waits this many times longer than the previous one (default 1). */
  backoffCoefficient?: number;
  /** Upper bound for one delay, in milliseconds. */
  maxRetryIntervalInMilliseconds?: number;
  /** No retry starts later than this long after the first attempt was scheduled, in milliseconds. */
  retryTimeoutInMilliseconds?: number;
}

/** Checks a retry policy's numbers and returns it, or throws a RangeError saying which one is wrong. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.maxNumberOfAttempts) || policy.maxNumberOfAttempts < 1) {
    throw new RangeError('retryPolicy.maxNumberOfAttempts must be an integer >= 1');
  }
  if (!(policy.firstRetryIntervalInMilliseconds > 0)) {
    throw new RangeError('retryPolicy.firstRetryIntervalInMilliseconds must be > 0');
  }
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    throw new RangeError('retryPolicy.backoffCoefficient must be >= 1');
  }
  return policy;
}

/**
 * The delay before attempt `nextAttempt` (2 = first retry), or undefined when no retry is allowed:
 * first × coefficient^(retry−1), capped at the max interval, and never past the retry timeout.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  nextAttempt: number,
  elapsedSinceFirstAttemptMs: number,
): number | undefined {
  if (nextAttempt > policy.maxNumberOfAttempts) return undefined;
  const coefficient = policy.backoffCoefficient ?? 1;
  let delay = policy.firstRetryIntervalInMilliseconds * coefficient ** (nextAttempt - 2);
  if (policy.maxRetryIntervalInMilliseconds !== undefined) delay = Math.min(delay, policy.maxRetryIntervalInMilliseconds);
  if (policy.retryTimeoutInMilliseconds !== undefined && elapsedSinceFirstAttemptMs + delay > policy.retryTimeoutInMilliseconds) {
    return undefined;
  }
  return delay;
}
