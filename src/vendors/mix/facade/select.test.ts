import { describe, expect, it } from 'vitest';
import type { StoredTrip } from '../../../model/derived.ts';
import { CLOSING_MS, horizonOf, QUIET_MS } from './select.ts';

const NOW = Date.UTC(2026, 4, 1, 12);
const open = (endTime: number) => ({ deviceId: 1, endTime, open: true }) as StoredTrip;

describe('the horizon of a MiX answer', () => {
  it('stops short of where a trip still open may end, once its stop is confirmed', () => {
    expect(horizonOf([open(NOW - 60_000), open(NOW - 120_000)], NOW)).toBe(NOW - 120_000 - CLOSING_MS);
  });

  it('is unbounded without open trips, and a device gone quiet does not hold it back', () => {
    expect(horizonOf([], NOW)).toBe(Infinity);
    expect(horizonOf([open(NOW - QUIET_MS - 1)], NOW)).toBe(Infinity);
  });
});
