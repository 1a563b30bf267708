import { describe, expect, it } from 'vitest';
import type { MixTrip } from '../wire/trip.ts';
import { compareTrips, cutPage, MAX_TRIPS } from './page.ts';

/** Trips ending at these times (ms), in serving order. */
const tripsAt = (times: number[]) =>
  times
    .map((end, i): MixTrip => ({
      VehicleId: `v${String(i).padStart(4, '0')}`,
      StartTimestamp: end - 1,
      EndTimestamp: end,
    }))
    .sort(compareTrips);
const same = (t: MixTrip) => t;

/** What a document-following client gets over successive calls: it passes the latest second back. */
function follow(all: MixTrip[], calls = 10) {
  const seen = new Set<string>();
  let since = 0;
  const pages: number[] = [];
  for (let i = 0; i < calls; i++) {
    const page = cutPage(
      all.filter((t) => t.EndTimestamp >= since * 1000),
      same,
    );
    pages.push(page.length);
    for (const t of page) seen.add(t.VehicleId);
    if (page.length < MAX_TRIPS) break;
    since = Math.floor(Math.max(...page.map((t) => t.EndTimestamp)) / 1000);
  }
  return { seen: seen.size, pages };
}

describe('MiX answer of at most 100 trips', () => {
  it('cuts at 100 and lets the trips of the last second come again: never missed', () => {
    // 250 trips, four per second.
    const all = tripsAt(
      Array.from({ length: 250 }, (_, i) => 1_000_000 + Math.floor(i / 4) * 1000 + (i % 4)),
    );
    expect(cutPage(all, same)).toHaveLength(100);
    expect(follow(all)).toEqual({ seen: 250, pages: [100, 100, 58] });
  });

  it('moves past a second holding more than 100 trips instead of answering it forever', () => {
    const crowded = Array.from({ length: 130 }, (_, i) => 5_000_000 + (i % 1000));
    const all = tripsAt([4_000_000, ...crowded, 6_000_000, 6_000_500, 7_000_000]);
    const first = follow(all);
    expect(first.seen).toBe(all.length);
    // The page starting in the crowded second holds all of it and the next second there is.
    expect(first.pages).toEqual([100, 132, 3]);
  });

  it('answers fewer than 100 as they are', () => {
    const all = tripsAt([3000, 1000, 2000]);
    expect(cutPage(all, same).map((t) => t.EndTimestamp)).toEqual([1000, 2000, 3000]);
  });
});
