import { describe, expect, it } from 'vitest';
import { latestBefore, SPACING_MS, thin } from './checkpoints.ts';

describe('checkpoint thinning', () => {
  it('keeps every recent checkpoint and ever fewer older ones, so a late fix replays about twice its age', () => {
    const times = Array.from({ length: 2000 }, (_, i) => i * SPACING_MS);
    const newest = times[times.length - 1]!;
    const kept = thin(times, newest);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept.length).toBeLessThan(25);
    expect(kept.slice(-8)).toEqual(times.slice(-8));
    for (const age of [3, 20, 100, 1500]) {
      const late = newest - age * SPACING_MS + 1;
      const from = latestBefore(kept, late)!;
      expect(newest - from).toBeLessThanOrEqual(2 * (newest - late) + SPACING_MS);
    }
    expect(latestBefore(kept, 0)).toBeNull();
  });
});
