import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleFolder } from '../lib/testing/shared-data.ts';
import { openHarness, type Harness } from './testing/harness.ts';
import { TrackBuilder } from './testing/tracks.ts';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);
const HOME = { lat: 52.5, lon: 13.4 };
const MIN = 60;

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});
async function harness(rules = {}) {
  h = await openHarness(rules);
  return h;
}

/** Home 10 min, 5 km, a red light for 60 s, 3 km, work 30 min; a phone reporting every 10 s while driving. */
function commute() {
  return new TrackBuilder(T0, HOME.lat, HOME.lon)
    .wait(10 * MIN, 30)
    .drive(5000, 50, 10)
    .wait(60, 10)
    .drive(3000, 50, 10)
    .wait(30 * MIN, 30);
}

describe('trips and stops from hand-made tracks', () => {
  it('sees a commute as one trip between two stops: a red light is not a stop', async () => {
    const { feed, trips, stops, events } = await harness();
    const track = commute();
    await feed(track.fixes, 20);
    const [trip, ...more] = await trips();
    expect(more).toEqual([]);
    expect(trip!.open).toBe(false);
    expect(trip!.distance).toBeGreaterThan(7950);
    expect(trip!.distance).toBeLessThan(8050);
    // Leaves home at 10 min; 8 km at 50 km/h plus the light is about 10.8 min.
    expect(trip!.startTime).toBe(T0 + 10 * MIN * 1000);
    expect(trip!.duration / 60_000).toBeGreaterThan(10);
    expect(trip!.duration / 60_000).toBeLessThan(12);
    expect(trip!.maxSpeed).toBe(50);
    const s = await stops();
    expect(s.map((x) => x.open)).toEqual([false, true]);
    expect(s[0]!.startTime).toBe(T0);
    expect(s[0]!.endTime).toBe(trip!.startTime);
    expect(s[1]!.startTime).toBe(trip!.endTime);
    expect(s[1]!.duration).toBeGreaterThanOrEqual(29 * MIN * 1000);
    expect((await events()).map((e) => e.type)).toEqual(['trip-start', 'trip-end']);
  });

  it('splits at a parking of 10 minutes into two trips', async () => {
    const { feed, trips, stops } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon)
      .wait(5 * MIN, 30)
      .drive(2000, 40, 5)
      .wait(10 * MIN, 30)
      .drive(3000, 40, 5)
      .wait(5 * MIN, 30);
    await feed(track.fixes, 7);
    const t = await trips();
    expect(t).toHaveLength(2);
    expect(t.map((x) => Math.round(x.distance / 100) * 100)).toEqual([2000, 3000]);
    const s = await stops();
    expect(s).toHaveLength(3);
    expect(s[1]!.duration).toBeGreaterThanOrEqual(9.5 * MIN * 1000);
    expect(s[1]!.startTime).toBe(t[0]!.endTime);
    expect(s[1]!.endTime).toBe(t[1]!.startTime);
  });

  it('keeps one trip through a tunnel gap and counts the distance across it', async () => {
    const { feed, trips, stops } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon)
      .wait(5 * MIN, 30)
      .drive(3000, 60, 5)
      .drive(4000, 60, 5, false)
      .drive(3000, 60, 5)
      .wait(5 * MIN, 30);
    await feed(track.fixes);
    const t = await trips();
    expect(t).toHaveLength(1);
    expect(t[0]!.distance).toBeGreaterThan(9900);
    expect(t[0]!.distance).toBeLessThan(10_100);
    expect(await stops()).toHaveLength(2);
  });

  it('reads a satellite tracker reporting every 10 minutes: two drives and a two-hour stop', async () => {
    const { feed, trips, stops } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon)
      .wait(30 * MIN, 600)
      .drive(60_000, 60, 600)
      .wait(120 * MIN, 600)
      .drive(30_000, 60, 600)
      .wait(30 * MIN, 600);
    await feed(track.fixes, 1);
    const t = await trips();
    expect(t).toHaveLength(2);
    expect(Math.round(t[0]!.distance / 1000)).toBe(60);
    expect(Math.round(t[1]!.distance / 1000)).toBe(30);
    const middle = (await stops())[1]!;
    expect(middle.duration).toBeGreaterThanOrEqual(110 * MIN * 1000);
  });

  it('leaves a 50 km jump out of the distance and counts it', async () => {
    const { feed, trips } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon).wait(5 * MIN, 30).drive(2000, 50, 5);
    track.jump(50_000, 5);
    track.drive(2000, 50, 5).wait(5 * MIN, 30);
    await feed(track.fixes, 10);
    const t = await trips();
    expect(t).toHaveLength(1);
    expect(t[0]!.distance).toBeGreaterThan(3950);
    expect(t[0]!.distance).toBeLessThan(4100);
    expect(t[0]!.jumps).toBe(1);
    expect(t[0]!.maxSpeed).toBe(50);
  });

  it('follows a device carried far away once two fixes agree on the new place', async () => {
    const { feed, trips } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon).wait(5 * MIN, 30).drive(2000, 50, 5);
    // A ferry or a trailer: the next fixes are all 50 km on, consistent with each other.
    track.lat += 0.45;
    track.drive(2000, 50, 5).wait(5 * MIN, 30);
    await feed(track.fixes);
    const t = await trips();
    expect(t).toHaveLength(1);
    expect(t[0]!.distance).toBeGreaterThan(3900);
    expect(t[0]!.distance).toBeLessThan(4100);
  });

  it('ends a trip at an ignition-off spell shorter than the dwell time', async () => {
    const { feed, trips, events } = await harness();
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon, { ignition: true })
      .wait(2 * MIN, 10, { ignition: false })
      .drive(2000, 40, 5)
      .wait(90, 10, { ignition: false })
      .drive(2000, 40, 5)
      .wait(2 * MIN, 10, { ignition: false });
    await feed(track.fixes);
    expect(await trips()).toHaveLength(2);
    const types = (await events()).map((e) => e.type);
    expect(types.filter((t) => t === 'ignition-off')).toHaveLength(2);
    expect(types.filter((t) => t === 'ignition-on')).toHaveLength(2);
  });

  it('counts over-speed spells and harsh braking with the group rules', async () => {
    const { feed, trips, events } = await harness({ speedLimit: 80, harshAcceleration: 4 });
    const track = new TrackBuilder(T0, HOME.lat, HOME.lon)
      .wait(5 * MIN, 30)
      .drive(3000, 100, 2)
      // 25 km/h in 2 s is 3.5 m/s²: under both harsh thresholds.
      .drive(1000, 75, 2)
      .drive(3000, 100, 2)
      // From 100 km/h to 0 in 2 s or less is at least 14 m/s².
      .wait(5 * MIN, 2);
    await feed(track.fixes, 50);
    const [trip] = await trips();
    expect(trip!.overspeedCount).toBe(2);
    expect(trip!.harshBrakingCount).toBe(1);
    expect(trip!.maxBraking).toBeGreaterThanOrEqual(100 / 3.6 / 2);
    expect(trip!.harshAccelerationCount).toBe(0);
    const types = (await events()).map((e) => e.type);
    expect(types.filter((t) => t === 'overspeed')).toHaveLength(2);
    expect(types.filter((t) => t === 'harsh-braking')).toHaveLength(1);
  });
});

const osmand = sampleFolder('osmand');

describe.skipIf(!osmand.present)("Traccar's test-trips.py points (real, 5 minutes apart)", () => {
  /** The script's twelve points; its naive local times are read as UTC. */
  function points() {
    const rows = parse(osmand.read('traccar__test-trips-points.csv'), { columns: true, comment: '#' }) as {
      time_local: string;
      lat: string;
      lon: string;
      speed: string;
    }[];
    return rows.map((r) => ({
      fixTime: Date.parse(`${r.time_local.replace(' ', 'T')}Z`),
      lat: Number(r.lat),
      lon: Number(r.lon),
      speed: Number(r.speed),
    }));
  }
  const at = (hhmm: string) => Date.parse(`2017-01-01T${hhmm}:00Z`);

  it('gives trips whose start position, start time and distance describe the same span', async () => {
    const { feed, trips, stops } = await harness();
    await feed(points(), 1);
    // Every leg is ~100 m in 5 minutes (walking pace), so each gap is a stop at the fix before it; the leg
    // across such a gap happened during the stop, and the trip after it starts at the fix that left.
    const summary = (await trips()).map((t) => ({
      startTime: t.startTime,
      endTime: t.endTime,
      start: [t.startLat, t.startLon],
      end: [t.endLat, t.endLon],
      distance: Math.round(t.distance * 10) / 10,
      open: t.open,
    }));
    expect(summary).toEqual([
      {
        startTime: at('00:10'),
        endTime: at('00:15'),
        start: [59.93329069, 30.33333778],
        end: [59.93390346, 30.33468962],
        distance: 101.7,
        open: false,
      },
      {
        startTime: at('00:35'),
        endTime: at('00:40'),
        start: [59.9335702, 30.34033298],
        end: [59.93330144, 30.34252167],
        distance: 125.7,
        open: false,
      },
      {
        startTime: at('00:44'),
        endTime: at('00:50'),
        start: [59.93355945, 30.34413099],
        end: [59.93458072, 30.3445816],
        distance: 116.4,
        open: false,
      },
    ]);
    expect((await stops()).map((x) => [x.startTime, x.endTime, x.lat, x.lon, x.open])).toEqual([
      [at('00:05'), at('00:10'), 59.93266715, 30.33190012, false],
      [at('00:15'), at('00:35'), 59.93390346, 30.33468962, false],
      [at('00:40'), at('00:44'), 59.93330144, 30.34252167, false],
      [at('00:50'), at('00:55'), 59.93458072, 30.3445816, true],
    ]);
  });
});

describe('late and out-of-order data', () => {
  /** Two trips with a stop between, then the expected result computed from in-order data. */
  const day = () =>
    new TrackBuilder(T0, HOME.lat, HOME.lon, { ignition: null })
      .wait(5 * MIN, 30)
      .drive(2000, 40, 10)
      .wait(60, 10)
      .drive(1000, 40, 10)
      .wait(10 * MIN, 30)
      .drive(3000, 40, 10)
      .wait(5 * MIN, 30).fixes;

  async function inOrder() {
    const ref = await openHarness({ speedLimit: 35 });
    try {
      await ref.feed(day(), 1);
      return { trips: await ref.trips(), stops: await ref.stops(), events: await ref.events() };
    } finally {
      await ref.close();
    }
  }

  it('gives the same trips, stops and events when fixes arrive in reverse order', async () => {
    const expected = await inOrder();
    expect(expected.trips).toHaveLength(2);
    const { feed, trips, stops, events } = await harness({ speedLimit: 35 });
    await feed([...day()].reverse(), 1);
    expect(await trips()).toEqual(expected.trips);
    expect(await stops()).toEqual(expected.stops);
    expect(await events()).toEqual(expected.events);
  });

  it('corrects a derived span when a batch from inside it lands late, without duplicates', async () => {
    const expected = await inOrder();
    const { feed, trips, stops, events } = await harness({ speedLimit: 35 });
    const fixes = day();
    // The second drive is held back (a vendor cloud batching), everything else arrives first.
    const late = fixes.filter((f) => f.fixTime >= T0 + 17 * MIN * 1000 && f.fixTime < T0 + 25 * MIN * 1000);
    await feed(
      fixes.filter((f) => !late.includes(f)),
      25,
    );
    await feed(late, 25);
    expect(await trips()).toEqual(expected.trips);
    expect(await stops()).toEqual(expected.stops);
    expect(await events()).toEqual(expected.events);
  });

  it('replays a device that never stops from a checkpoint near late data, not from the start of its history', async () => {
    // Four hours on the road without a stop, speeding on some stretches: no stop to start a replay from.
    const road = () => {
      const track = new TrackBuilder(T0, HOME.lat, HOME.lon, { ignition: null }).wait(5 * MIN, 30);
      for (let leg = 0; leg < 24; leg++) track.drive(8000, leg % 3 === 0 ? 60 : 30, 30);
      return track.wait(5 * MIN, 30).fixes;
    };
    const ref = await openHarness({ speedLimit: 45 });
    let expected;
    try {
      await ref.feed(road(), 20);
      expected = { trips: await ref.trips(), stops: await ref.stops(), events: await ref.events() };
    } finally {
      await ref.close();
    }
    expect(expected.trips).toHaveLength(1);
    expect(expected.events.filter((e) => e.type === 'overspeed').length).toBeGreaterThan(4);

    const { feed, trips, stops, events, storage } = await harness({ speedLimit: 45 });
    const fixes = road();
    const cut = fixes[fixes.length - 60]!.fixTime;
    // Ten minutes of fixes from three hours in arrive after the later ones.
    const late = fixes.filter((f) => f.fixTime >= cut - 20 * MIN * 1000 && f.fixTime < cut - 10 * MIN * 1000);
    await feed(
      fixes.filter((f) => !late.includes(f)),
      20,
    );
    const read = vi.spyOn(storage, 'listPositions');
    await feed(late, late.length);
    const replayed = (await Promise.all(read.mock.results.map((r) => r.value))).reduce(
      (sum: number, page: { items: unknown[] }) => sum + page.items.length,
      0,
    );
    expect(await trips()).toEqual(expected.trips);
    expect(await stops()).toEqual(expected.stops);
    expect(await events()).toEqual(expected.events);
    // The replay reads from a checkpoint before the late fixes: about an hour of fixes, not four.
    expect(replayed).toBeGreaterThan(late.length);
    expect(replayed).toBeLessThan(fixes.length / 2);
  });

  it('replays a long history a page at a time, letting the event loop turn between pages', async () => {
    // Parked six hours, a fix a second: 21,600 fixes, more than four pages of a replay.
    const { feed, storage, stops } = await harness();
    await feed(new TrackBuilder(T0, HOME.lat, HOME.lon).wait(6 * 3600, 1).fixes, 5000);
    let turns = 0;
    let replaying = true;
    const turn = () => {
      turns++;
      if (replaying) setImmediate(turn);
    };
    setImmediate(turn);
    const pagesReadAt: number[] = [];
    const read = storage.listPositions.bind(storage);
    vi.spyOn(storage, 'listPositions').mockImplementation(async (query) => {
      pagesReadAt.push(turns);
      return read(query);
    });
    // An hour before everything: no stop or checkpoint before it, so the whole history is replayed.
    await feed([{ fixTime: T0 - 3600_000, lat: HOME.lat, lon: HOME.lon, speed: 0 }]);
    replaying = false;
    expect(pagesReadAt.length).toBeGreaterThanOrEqual(5);
    expect(pagesReadAt.slice(1).every((at, i) => at > pagesReadAt[i]!)).toBe(true);
    expect((await stops())[0]!.startTime).toBe(T0 - 3600_000);
  });

  it('gives the same result for shuffled batches', async () => {
    const expected = await inOrder();
    const { feed, trips, stops, events } = await harness({ speedLimit: 35 });
    const fixes = day();
    // A fixed permutation: every 7th fix first, then the rest in reverse.
    const order = [...fixes.filter((_, i) => i % 7 === 0), ...fixes.filter((_, i) => i % 7 !== 0).reverse()];
    await feed(order, 5);
    expect(await trips()).toEqual(expected.trips);
    expect(await stops()).toEqual(expected.stops);
    expect(await events()).toEqual(expected.events);
  });

  it('changes nothing across a restart: the state is in the database', async () => {
    const expected = await inOrder();
    const { feed, trips, storage, device, emit } = await harness({ speedLimit: 35 });
    const fixes = day();
    await feed(fixes.slice(0, 40), 1);
    // A new deriver over the same database, as after a restart.
    const { ContextCache } = await import('./context.ts');
    const { Deriver } = await import('./deriver.ts');
    const again = new Deriver(storage, new ContextCache(storage), emit);
    for (const position of fixes.slice(40)) {
      const r = await storage.commit({
        records: [{ deviceId: device.id, position }],
        sourceId: null,
        receivedTime: 0,
      });
      const stored = r.records[0]!;
      if (stored.status === 'accepted' && stored.position) {
        await again.derive(new Map([[device.id, [stored.position]]]));
      }
    }
    expect(await trips()).toEqual(expected.trips);
  });
});
