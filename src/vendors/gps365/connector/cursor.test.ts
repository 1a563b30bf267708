import { describe, expect, it } from 'vitest';
import { newCursor, nextStep, readCursor, TAIL_START_MARGIN_MS } from './cursor.ts';
import { readSettings } from './settings.ts';

const NOW = Date.UTC(2024, 4, 1, 12);
const settings = readSettings({ apiToken: 't', pollSeconds: 180 });

describe('GPS365 cursor', () => {
  it('lists trackers first, then keeps a tail pass in progress ahead of everything', () => {
    const c = newCursor(NOW);
    expect(c.tail.start).toBe(NOW - TAIL_START_MARGIN_MS);
    expect(nextStep(c, settings, NOW)).toEqual({ step: 'trackers' });
    c.trackersAt = NOW;
    c.tail.passAt = NOW;
    c.backfill['100'] = { next: 0, until: NOW };
    expect(nextStep(c, settings, NOW)).toEqual({ step: 'backfill' });
    // The tail is due again: it goes before the backfill; a pass in progress goes before the tracker list.
    expect(nextStep(c, settings, NOW + 180_000)).toEqual({ step: 'tail' });
    c.tail.end = NOW;
    expect(nextStep(c, settings, NOW + 3_600_000)).toEqual({ step: 'tail' });
  });

  it('waits until the next request is due when nothing is', () => {
    const c = newCursor(NOW);
    c.trackersAt = NOW;
    c.tail.passAt = NOW;
    expect(nextStep(c, settings, NOW + 30_000)).toEqual({ step: null, waitMs: 150_000 });
  });

  it('starts over on a cursor it cannot read', () => {
    expect(readCursor('{not json', NOW)).toEqual(newCursor(NOW));
  });
});
