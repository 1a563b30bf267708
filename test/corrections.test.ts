import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const T0 = Date.UTC(2025, 4, 5, 6, 0, 0);
const iso = (t: number) => new Date(t).toISOString();
/** Metres to degrees of longitude at latitude 52 (about 68.6 km per degree). */
const east = (metres: number) => metres / 68_640;

/** A consumer of /api/v1/sync that applies retractions as the API guide says. */
class Follower {
  readonly seen: Json[] = [];
  readonly view = new Map<number, Json>();
  constructor(
    private readonly api: Api,
    private cursor: string | null,
  ) {}

  async read() {
    const { records, next } = await this.api.syncAll(this.cursor);
    this.cursor = next;
    for (const r of records) {
      if (r.kind !== 'event') continue;
      this.seen.push(r.event);
      if (r.event.type === 'event-retracted') this.view.delete(r.event.attributes.eventId);
      else this.view.set(r.event.id, r.event);
    }
  }
}

describe('corrections of derived events reach a sync follower in commit order', () => {
  let server: RunningServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('retracts the events of a trip that late data takes back, and sends the others once', async () => {
    const device = expectStatus(await admin.post('/api/v1/devices', { name: 'van' }), 201);
    const follower = new Follower(admin, (await admin.syncAll()).next);
    // 10 min at home, 5 km east at 50 km/h, a 4-minute stop, 3 km more, 30 min at work.
    const fixes: { t: number; lon: number; lat?: number; speed: number }[] = [];
    let t = T0;
    let lon = 13;
    const stay = (seconds: number) => {
      for (let s = 0; s < seconds; s += 30, t += 30_000) fixes.push({ t, lon, speed: 0 });
    };
    const drive = (metres: number) => {
      for (let m = 0; m < metres; m += 139, t += 10_000, lon += east(139)) fixes.push({ t, lon, speed: 50 });
    };
    stay(600);
    drive(5000);
    const stop = { t, lon };
    stay(240);
    drive(3000);
    stay(1800);
    const record = (f: (typeof fixes)[number]) => ({
      deviceId: device.id,
      fixTime: iso(f.t),
      lat: f.lat ?? 52,
      lon: f.lon,
      speed: f.speed,
    });
    for (let i = 0; i < fixes.length; i += 50) {
      expect(expectStatus(await admin.ingest(fixes.slice(i, i + 50).map(record)), 200).rejected).toBe(0);
    }
    await follower.read();
    const before = expectStatus(await admin.get(`/api/v1/events?deviceId=${device.id}`), 200).items;
    expect(before.map((e: Json) => e.type)).toEqual(['trip-start', 'trip-end', 'trip-start', 'trip-end']);

    // A fix 1 km away in the middle of the stop arrives late: the device never stayed put, it was one trip.
    const late = { t: stop.t + 105_000, lon: stop.lon, lat: 52.009, speed: 50 };
    expect(expectStatus(await admin.ingest([record(late)]), 200).accepted).toBe(1);
    await follower.read();

    const after = expectStatus(await admin.get(`/api/v1/events?deviceId=${device.id}`), 200).items;
    expect(after.map((e: Json) => e.id)).toEqual([before[0].id, before[3].id]);
    expect([...follower.view.values()]).toEqual(after);
    const retractions = follower.seen.filter((e) => e.type === 'event-retracted');
    expect(retractions.map((e) => e.attributes)).toEqual([
      { eventId: before[1].id, type: 'trip-end', time: before[1].time, key: null },
      { eventId: before[2].id, type: 'trip-start', time: before[2].time, key: null },
    ]);
    const ids = follower.seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const trips = expectStatus(
      await admin.get(`/api/v1/reports/trips?deviceId=${device.id}&from=${iso(T0)}&to=${iso(t)}`),
      200,
    ).items;
    expect(trips).toHaveLength(1);
    // Retractions are the hub's own: ingest refuses them.
    const forged = expectStatus(
      await admin.ingest([
        {
          deviceId: device.id,
          events: [{ type: 'event-retracted', time: iso(T0), attributes: { eventId: 1 } }],
        },
      ]),
      200,
    );
    expect(forged.errors[0].code).toBe('INVALID_EVENT');
  });
});
