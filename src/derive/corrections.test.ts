import { afterEach, describe, expect, it } from 'vitest';
import type { PositionFields, StoredEvent } from '../model/records.ts';
import { RETRACTED } from '../model/retraction.ts';
import type { Storage } from '../storage/storage.ts';
import { openHarness, type Harness } from './testing/harness.ts';
import { TrackBuilder } from './testing/tracks.ts';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);
const MIN = 60;

let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

/** Home 10 min, 5 km, a 4-minute stop, 3 km, work 30 min: two trips as long as nothing breaks the stop. */
function day() {
  const b = new TrackBuilder(T0, 52.5, 13.4).wait(10 * MIN, 30).drive(5000, 50, 10);
  const stop = { time: b.time, lat: b.lat, lon: b.lon };
  b.wait(4 * MIN, 30)
    .drive(3000, 50, 10)
    .wait(30 * MIN, 30);
  return { fixes: b.fixes, stop };
}

/** A consumer of the sync API that applies retractions as docs/api.md tells it to. */
class SyncFollower {
  readonly seen: StoredEvent[] = [];
  readonly view = new Map<number, StoredEvent>();
  private cursor: string | null = null;
  constructor(private readonly storage: Storage) {}

  async start() {
    this.cursor = await this.storage.syncHead();
  }

  async read() {
    for (;;) {
      const page = await this.storage.sync({ scope: '/', after: this.cursor, limit: 7 });
      for (const r of page.records) {
        if (r.kind !== 'event') continue;
        this.seen.push(r.record);
        if (r.record.type === RETRACTED) this.view.delete(r.record.attributes.eventId as number);
        else this.view.set(r.record.id, r.record);
      }
      if (page.next === this.cursor) return;
      this.cursor = page.next;
    }
  }

  events() {
    return [...this.view.values()].sort((a, b) => a.time - b.time || a.id - b.id).map(identityOf);
  }
}

const identityOf = (e: StoredEvent) => ({ type: e.type, time: e.time, key: e.key, attributes: e.attributes });

async function liveEvents(h: Harness) {
  return (await h.storage.listEvents({ scope: '/', deviceId: h.device.id, limit: 1000 })).items;
}

describe.each(['sqlite', 'postgres'] as const)('corrections in the commit order (%s)', (kind) => {
  async function harness() {
    const h = await openHarness({}, kind);
    harnesses.push(h);
    return h;
  }

  it('retracts the events of a trip that late data merges into the next, and keeps the others as they were', async () => {
    const { fixes, stop } = day();
    // A fix in the middle of the stop, 1 km away: the device did not stay put for the dwell after all.
    const late: PositionFields = {
      fixTime: stop.time + 105_000,
      lat: stop.lat + 0.009,
      lon: stop.lon,
      speed: 50,
    };
    const reference = await harness();
    await reference.feed([...fixes, late].sort((a, b) => a.fixTime - b.fixTime));
    expect(await reference.trips()).toHaveLength(1);

    const h = await harness();
    const follower = new SyncFollower(h.storage);
    await follower.start();
    await h.feed(fixes, 20);
    await follower.read();
    const before = await liveEvents(h);
    expect(before.map((e) => e.type)).toEqual(['trip-start', 'trip-end', 'trip-start', 'trip-end']);

    await h.feed([late]);
    await follower.read();
    const after = await liveEvents(h);
    expect(after.map(identityOf)).toEqual((await liveEvents(reference)).map(identityOf));
    // The follower holds what the events API lists, having applied the retractions.
    expect(follower.events()).toEqual(after.map(identityOf));
    // The first trip's end and the second's start were retracted, once each, after the follower had them.
    const retractions = follower.seen.filter((e) => e.type === RETRACTED);
    expect(retractions.map((r) => r.attributes.eventId)).toEqual([before[1]!.id, before[2]!.id]);
    expect(retractions.map((r) => r.attributes.type)).toEqual(['trip-end', 'trip-start']);
    // Retained events keep their ids and reached the follower exactly once.
    expect(after.map((e) => e.id)).toEqual([before[0]!.id, before[3]!.id]);
    const ids = follower.seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(follower.seen.filter((e) => e.type !== RETRACTED)).toHaveLength(before.length);
  });

  it('commits nothing new when late data changes nothing that was derived', async () => {
    const { fixes, stop } = day();
    const h = await harness();
    await h.feed(fixes, 20);
    const before = await liveEvents(h);
    const head = await h.storage.syncHead();
    // A parked fix between two others at the same spot: the replay derives the same trips and events.
    await h.feed([{ fixTime: stop.time + 15_000, lat: stop.lat, lon: stop.lon, speed: 0 }]);
    const page = await h.storage.sync({ scope: '/', after: head, limit: 100 });
    expect(page.records.map((r) => r.kind)).toEqual(['position']);
    expect(await liveEvents(h)).toEqual(before);
  });
});
