/** Exponential backoff settings. */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** Fraction of each delay that is randomised (0 = none, 1 = "full jitter"). */
  jitter: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones:
 * `min(maxDelayMs, baseDelayMs * 2^(attempts-1))`, of which a `jitter`
 * fraction is drawn at random (`random()` in [0, 1)) so that targets failing
 * together do not retry in lockstep.
 */
export function planRetryDelay(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(exponential * (1 - jitter) + exponential * jitter * random());
}
