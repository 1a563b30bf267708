import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

const policy = { initialMs: 10_000, factor: 2, maxMs: 40_000 };

describe('backoffDelay', () => {
  it('grows by the factor with each failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 9].map((n) => backoffDelay(policy, n, () => 1))).toEqual([
      10_000, 20_000, 40_000, 40_000, 40_000,
    ]);
  });

  it('jitters between half and all of the step, so a later failure never waits less', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(5_000);
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(7_500);
    expect(backoffDelay(policy, 2, () => 0)).toBeGreaterThanOrEqual(backoffDelay(policy, 1, () => 1));
  });
});
