import { XMLParser } from 'fast-xml-parser';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMixCloud, type RunningFakeMix } from '../src/vendors/mix/fake-cloud/fake-mix-cloud.ts';
import { formatSince } from '../src/vendors/mix/wire/dates.ts';
import { CSV_HEADER } from '../src/vendors/mix/wire/present-csv.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { deviceByExternalId } from './support/receivers.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
/** Metres to degrees of longitude at latitude 52. */
const east = (metres: number) => metres / 68_640;
const MIX = '/compat/mix/trips';
/** The milliseconds of a `/Date(ms+zzzz)/`. */
const millis = (date: string) => Number(/\d+/.exec(date)![0]);

/** GET /compat/mix/trips/:since on a hub, with the token in X-Auth unless told otherwise. */
async function trips(url: string, path: string, headers: Record<string, string> = { 'x-auth': ADMIN_TOKEN }) {
  const res = await fetch(`${url}${MIX}/${path}`, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    text: await res.text(),
  };
}
const json = async (url: string, path: string) => {
  const res = await trips(url, path);
  expect(res.status, res.text).toBe(200);
  return JSON.parse(res.text) as Json[];
};
/** Every trip a MiX client gets by passing the latest DeviceTimestamp back, as the document says. */
async function follow(url: string, since: number) {
  const seen = new Map<string, Json>();
  for (let call = 0; call < 20; call++) {
    const page = await json(url, `${formatSince(since)}.json`);
    for (const t of page) seen.set(`${t.VehicleId}/${t.StartTimestamp}`, t);
    if (page.length < 100) return [...seen.values()];
    since = Math.max(...page.map((t) => millis(t.EndPosition.DeviceTimestamp)));
  }
  throw new Error('the trips never ended');
}

/**
 * MiX end to end: Trackway's derived trips served as MiX's `GET /trips/:since`, a second hub pulling them (and a
 * fake MiX cloud) with its MiX connector and serving the same trips again.
 */
describe('MiX: trips out through the facade, in through the connector', () => {
  let b: RunningServer;
  let a: RunningServer;
  let cloud: RunningFakeMix;
  let van: Json;
  const t0 = Date.now() - 50 * MIN;
  const since = formatSince(t0);

  beforeAll(async () => {
    b = await startServer();
    const admin = new Api(b.url, ADMIN_TOKEN);
    van = expectStatus(await admin.post('/api/v1/devices', { name: 'van' }), 201);
    const home = { lat: 52, lon: 13 };
    const depot = home.lon + east(3000);
    expectStatus(
      await admin.post('/api/v1/places', {
        identifier: 'DEPOT',
        name: 'Depot',
        latitude: 52,
        longitude: depot,
        radius: 150,
      }),
      201,
    );
    // 5 min at home, 3 km east in 6 min, 10 min at the depot, back in 6 min, 5 min at home.
    await drive(admin, van.id, t0, (stay, go) => {
      stay(home.lon, 5);
      go(home.lon, depot, 6);
      stay(depot, 10);
      go(depot, home.lon, 6);
      stay(home.lon, 5);
    });
  });
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await cloud?.stop();
  });

  it('serves derived trips as the document shows them, in JSON, JSONP, XML and CSV', async () => {
    const res = await trips(b.url, `${since}.json`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.headers.get('x-globalisation')).toBe('UTC');
    expect(res.text).toMatch(/"StartTimestamp":"\\\/Date\(\d+\+0000\)\\\/"/);
    const body = JSON.parse(res.text) as Json[];
    expect(body).toHaveLength(2);
    expect(body.map((t) => t.VehicleId)).toEqual([String(van.id), String(van.id)]);
    expect(body[0]).toMatchObject({ SystemType: 'FleetManager', TripType: 'Unknown', OverSpeedingCount: 0 });
    for (const trip of body) {
      expect(trip.Distance).toBeGreaterThan(2.9);
      expect(trip.Distance).toBeLessThan(3.1);
      expect(trip.EndPosition).toMatchObject({ VehicleId: String(van.id), Speed: 30, Latitude: 52 });
    }
    const [first, second] = body.map((t) => millis(t.EndPosition.DeviceTimestamp));
    expect(first).toBeLessThan(second!);

    const jsonp = await trips(b.url, `${since}?callback=show`);
    expect(jsonp.type).toMatch(/^application\/javascript/);
    expect(jsonp.text).toBe(`show(${res.text});`);

    const xml = await trips(b.url, since, { 'x-auth': ADMIN_TOKEN, accept: 'application/xml' });
    expect(xml.type).toMatch(/^application\/xml/);
    expect(xml.text).toMatch(/^<ArrayOfTrip xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance"/);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'Trip' }).parse(
      xml.text,
    ) as Json;
    expect(parsed.ArrayOfTrip.Trip[0]['@_VehicleId']).toBe(String(van.id));
    expect(parsed.ArrayOfTrip.Trip[0].StartTimestamp['@_UtcOffset']).toBe('0');

    const csv = await trips(b.url, `${since}.csv?auth=${ADMIN_TOKEN}`, {});
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(CSV_HEADER);
    expect(rows.map((r) => r.VehicleId)).toEqual([String(van.id), String(van.id)]);
    expect(rows[0]!.EndPosition).toMatch(/^\{SystemType:FleetManager,VehicleId:\d+,DeviceTimestamp:\d{4}-/);
  });

  it('refuses what the document refuses: no token 401, :since over an hour back 413, bad input 400', async () => {
    expect((await trips(b.url, `${since}.json`, {})).status).toBe(401);
    expect((await trips(b.url, `${since}.json`, { 'x-auth': 'tw_wrong' })).status).toBe(401);
    const old = await trips(b.url, `${formatSince(Date.now() - 61 * MIN)}.json`);
    expect(old.status).toBe(413);
    expect(old.text).toMatch(/^Request Entity Too Large/);
    expect((await trips(b.url, 'yesterday.json')).status).toBe(400);
    expect((await trips(b.url, `${since}.json?date_format=7`)).status).toBe(400);
    expect((await trips(b.url, `${since}.json?callback=alert(1)`)).status).toBe(400);
    expect((await trips(b.url, `${since}.json?globalisation=Mars/Olympus`)).status).toBe(400);
  });

  it('reads :since in the globalisation zone and writes times in it; filters and locations', async () => {
    const all = await json(b.url, `${since}.json`);
    const secondEnd = millis(all[1].EndPosition.DeviceTimestamp);
    // The later trip's DeviceTimestamp passed back returns it again (on or after), and nothing before it.
    expect(await json(b.url, `${Math.floor(secondEnd / 1000)}.json`)).toEqual([all[1]]);
    // The same instant as a wall time an hour ahead of UTC, in that zone.
    const local = await trips(
      b.url,
      `${formatSince(secondEnd + 60 * MIN)}.json?globalisation=Etc/GMT-1&date_format=2`,
    );
    expect(JSON.parse(local.text)).toHaveLength(1);
    expect(JSON.parse(local.text)[0].EndTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+01:00$/);
    // The same through the headers the document names instead of the parameters.
    const byHeaders = await trips(b.url, `${formatSince(secondEnd + 60 * MIN)}.json`, {
      'x-auth': ADMIN_TOKEN,
      'x-globalisation': 'Etc/GMT-1',
      'x-dateformat': '2',
    });
    expect(byHeaders.text).toBe(local.text);

    expect(await json(b.url, `${since}.json?vehicle_ids=${van.id}`)).toHaveLength(2);
    expect(await json(b.url, `${since}.json?vehicle_ids=999999`)).toEqual([]);
    expect(await json(b.url, `${since}.json?driver_ids=nobody`)).toEqual([]);
    expect(await json(b.url, `${since}.json?system_type=AssetManagement`)).toEqual([]);
    const located = await json(b.url, `${since}.json?include_locations=1`);
    expect(located[0].EndPosition.Location).toBe('Depot');
    expect(located[0].StartPosition.Location).toBeUndefined();
  });

  it('pulls another hub and a MiX cloud with the MiX connector, and serves the same trips again', async () => {
    cloud = await startFakeMixCloud({ vehicles: 5, tripsPerTick: 1, tickMs: 500 });
    // 150 trips ended in the last half hour: more than one answer of 100.
    cloud.add(...cloud.makeTrips(150).map((t, i) => shift(t, Date.now() - 30 * MIN + i * 10_000)));
    // One trip made of two legs, as MiX reports sub-trips.
    const split = cloud.trips[0]!;
    split.SubTrips = [
      shift({ ...split }, split.EndTimestamp - 3 * MIN),
      shift({ ...split }, split.EndTimestamp),
    ];
    a = await startServer();
    const admin = new Api(a.url, ADMIN_TOKEN);
    const pull = (name: string, settings: Json) =>
      admin.post('/api/v1/sources', { vendor: 'mix', kind: 'pull', name, settings });
    expectStatus(await pull('hub B', { baseUrl: `${b.url}/compat/mix`, token: ADMIN_TOKEN }), 201);
    expectStatus(await pull('MiX', { baseUrl: cloud.url, token: cloud.token }), 201);

    const fromB = await json(b.url, `${since}.json?vehicle_ids=${van.id}`);
    const imported = async () => (await json(a.url, `${since}.json?vehicle_ids=${van.id}`)).length;
    await until(async () => (await imported()) === 2, 'the trips of hub B are imported');
    // The same trips, byte for byte, with the vehicle id they had on hub B.
    expect(await json(a.url, `${since}.json?vehicle_ids=${van.id}`)).toEqual(fromB);
    const device = await deviceByExternalId(admin, 'mix', String(van.id));
    const positions = await admin.all(`/api/v1/devices/${device.id}/positions?from=${iso(t0)}`);
    expect(positions).toHaveLength(4);

    const cloudKeys = new Set(cloud.trips.slice(0, 150).map((t) => `${t.VehicleId}/${t.StartTimestamp}`));
    const servedKeys = async () =>
      (await follow(a.url, t0)).map((t) => `${t.VehicleId}/${millis(t.StartTimestamp)}`);
    const fromCloud = async () => (await servedKeys()).filter((k) => cloudKeys.has(k)).length;
    await until(async () => (await fromCloud()) === 150, 'the cloud trips are imported');
    const keys = await servedKeys();
    const ofSplit = `${since}.json?vehicle_ids=${split.VehicleId}`;
    const withLegs = (await json(a.url, `${ofSplit}&include_sub_trips=true`)).find((t) => t.SubTrips);
    expect(withLegs.SubTrips.map((t: Json) => millis(t.EndTimestamp))).toEqual([
      split.EndTimestamp - 3 * MIN,
      split.EndTimestamp,
    ]);
    expect((await json(a.url, ofSplit)).some((t) => t.SubTrips)).toBe(false);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cloud.requests.filter((r) => r.status === 413)).toEqual([]);
    expect(cloud.requests.some((r) => r.returned === 100)).toBe(true);
  });

  it('holds back trips that end after what a trip still open may end at, until it closes', async () => {
    const admin = new Api(b.url, ADMIN_TOKEN);
    const now = Date.now();
    const [bike, truck] = [
      expectStatus(await admin.post('/api/v1/devices', { name: 'bike' }), 201),
      expectStatus(await admin.post('/api/v1/devices', { name: 'truck' }), 201),
    ];
    const [west, far] = [13 - east(3000), 13 + east(6000)];
    // The bike's trip ended 9 minutes ago and its stop is confirmed; the truck is on its way.
    await drive(admin, bike.id, now - 20 * MIN, (stay, go) => {
      stay(13, 5);
      go(13, west, 6);
      stay(west, 6);
    });
    await drive(admin, truck.id, now - 12 * MIN, (stay, go) => {
      stay(13, 5);
      go(13, far, 6);
    });
    const vehicles = async () => (await json(b.url, `${since}.json`)).map((t) => t.VehicleId);
    // The truck's trip may yet end up to minutes before its latest fix: the bike's trip waits.
    expect(await vehicles()).toEqual([String(van.id), String(van.id)]);
    await drive(admin, truck.id, now - MIN, (stay) => stay(far, 5));
    expect(await vehicles()).toEqual([String(van.id), String(van.id), String(bike.id), String(truck.id)]);
  });
});

type Leg = (lon: number, minutes: number) => void;

/** Ingests a device's track at latitude 52 from `start`: stays and drives, a fix every 30 s. */
async function drive(
  admin: Api,
  deviceId: number,
  start: number,
  plan: (stay: Leg, go: (from: number, to: number, minutes: number) => void) => void,
) {
  const fixes: { t: number; lon: number }[] = [];
  let t = start;
  const stay = (lon: number, minutes: number) => {
    for (let i = 0; i < minutes * 2; i++, t += 30_000) fixes.push({ t, lon });
  };
  const go = (from: number, to: number, minutes: number) => {
    for (let i = 0; i < minutes * 2; i++, t += 30_000)
      fixes.push({ t, lon: from + ((to - from) * i) / (minutes * 2) });
  };
  plan(stay, go);
  const records = fixes.map((f) => ({ deviceId, fixTime: iso(f.t), lat: 52, lon: f.lon, speed: 30 }));
  expect(expectStatus(await admin.ingest(records), 200).rejected).toBe(0);
}

function shift<
  T extends { StartTimestamp: number; EndTimestamp: number; StartPosition?: Json; EndPosition?: Json },
>(trip: T, end: number): T {
  const start = end - 5 * MIN;
  return {
    ...trip,
    StartTimestamp: start,
    EndTimestamp: end,
    StartPosition: { ...trip.StartPosition, DeviceTimestamp: start },
    EndPosition: { ...trip.EndPosition, DeviceTimestamp: end },
  };
}

async function until(check: () => Promise<boolean>, what: string, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
