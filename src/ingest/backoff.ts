export interface BackoffPolicy {
  /** Delay after the first failure. */
  initialMs: number;
  /** Each further consecutive failure multiplies the delay by this. */
  factor: number;
  /** The delay never grows past this. */
  maxMs: number;
}

/**
 * Delay before the next attempt after `failures` consecutive failures (1 = the first). "Equal jitter": half
 * the exponential delay plus a random share of the other half, so that sources failing together spread out
 * while the delay still never falls below half its step.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
