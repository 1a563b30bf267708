import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { runCli } from './support/cli.ts';
import { GPXPY_PYTHON, gpsbabelPoints, HAS_GPSBABEL, STDLIB_PYTHON } from './support/independent-readers.ts';
import { deviceByExternalId } from './support/receivers.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';

const T0 = Date.UTC(2025, 4, 5, 6, 0, 0);
const iso = (t: number) => new Date(t).toISOString();
/** Metres to degrees of longitude at latitude 52 (about 68.6 km per degree). */
const east = (metres: number) => metres / 68_640;

const PYTHON = STDLIB_PYTHON;
if (!PYTHON) console.warn('SKIPPED: no python3, so trip exports are not read by Python');

/** Read by Python's standard library (or gpxpy): per trip, its distance and [lat, lon, ISO time] per point. */
const PY_READERS: Record<string, string> = {
  gpx:
    'import gpxpy,json,sys\n' +
    'g=gpxpy.parse(open(sys.argv[1]))\n' +
    'def field(t,n):\n' +
    "  return [c.text for e in t.extensions for c in e if c.tag.endswith('}'+n)][0]\n" +
    "print(json.dumps([{'name':t.name,'type':t.type,'desc':t.description,'distance':float(field(t,'distance'))," +
    "'points':[[p.latitude,p.longitude,p.time.isoformat()[:19]] for s in t.segments for p in s.points]} for t in g.tracks]))",
  kml:
    'import sys,json,xml.etree.ElementTree as E\n' +
    "K='{http://www.opengis.net/kml/2.2}'; G='{http://www.google.com/kml/ext/2.2}'\n" +
    'out=[]\n' +
    "for pm in E.parse(sys.argv[1]).getroot().iter(K+'Placemark'):\n" +
    "  data={d.get('name'):d.find(K+'value').text for d in pm.iter(K+'Data')}\n" +
    "  t=pm.find(G+'Track'); ws=[w.text[:19] for w in t.findall(K+'when')]; cs=[c.text.split() for c in t.findall(G+'coord')]\n" +
    "  out.append({'name':pm.find(K+'name').text,'distance':float(data['distance']),'points':[[float(c[1]),float(c[0]),w] for w,c in zip(ws,cs)]})\n" +
    'print(json.dumps(out))',
  geojson:
    'import sys,json\n' +
    'd=json.load(open(sys.argv[1]))\n' +
    "print(json.dumps([{'type':f['geometry']['type'],'distance':f['properties']['distance']," +
    "'points':[[c[1],c[0],t[:19]] for c,t in zip(f['geometry']['coordinates'],f['properties']['coordTimes'])]} for f in d['features']]))",
  csv:
    'import sys,json,csv\n' +
    "print(json.dumps([{'device':r['device'],'startTime':r['startTime'],'distance':float(r['distance']),'open':r['open']} for r in csv.DictReader(open(sys.argv[1]))]))",
};

describe('trips export', () => {
  let server: RunningServer;
  let admin: Api;
  let dir: string;
  let deviceId: number;
  /** The trips as the trips report gives them, and the positions of each. */
  let trips: Json[];
  let tripPoints: Json[][];
  let range: string;

  const exportText = async (query: string) => {
    const res = await fetch(`${server.url}/api/v1/export?what=trips&${query}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="trackway-trips-/);
    return res.text();
  };
  const readWithPython = async (format: string, python = PYTHON!) => {
    const file = join(dir, `trips.${format}`);
    await writeFile(file, await exportText(`format=${format}&${range}`));
    return JSON.parse(execFileSync(python, ['-c', PY_READERS[format]!, file], { encoding: 'utf8' }));
  };
  const points = (trip: Json[]) => trip.map((p) => [p.lat, p.lon, p.fixTime.slice(0, 19)]);
  const importBack = async (format: string, text: string, device: string) => {
    const res = expectStatus(
      await admin.post(`/api/v1/import?format=${format}&device=${device}`, text, {
        'content-type': 'application/octet-stream',
      }),
      200,
    );
    const back = await deviceByExternalId(admin, 'file', device);
    return { res, positions: await admin.all(`/api/v1/devices/${back.id}/positions`) };
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    server = await startServer({ dataDir: join(dir, 'data') });
    admin = new Api(server.url, ADMIN_TOKEN);
    const device = expectStatus(await admin.post('/api/v1/devices', { name: 'Van 7' }), 201);
    deviceId = device.id;
    // 10 min parked, 3 km east in 6 min, 20 min parked, 3 km back, 10 min parked; a fix every 30 s.
    const fixes: { t: number; lon: number }[] = [];
    let t = T0;
    const stay = (lon: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000) fixes.push({ t, lon });
    };
    const go = (from: number, to: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000)
        fixes.push({ t, lon: from + ((to - from) * i) / (minutes * 2) });
    };
    const far = 13 + east(3000);
    stay(13, 10);
    go(13, far, 6);
    stay(far, 20);
    go(far, 13, 6);
    stay(13, 10);
    const records = fixes.map((f, i) => ({
      deviceId,
      fixTime: iso(f.t),
      lat: 52,
      lon: f.lon,
      altitude: 30 + (i % 7),
      speed: 30,
    }));
    expect(expectStatus(await admin.ingest(records), 200).rejected).toBe(0);
    range = `deviceId=${deviceId}&from=${iso(T0)}&to=${iso(t)}`;
    trips = expectStatus(await admin.get(`/api/v1/reports/trips?${range}`), 200).items;
    expect(trips).toHaveLength(2);
    const all = await admin.all(`/api/v1/devices/${deviceId}/positions`);
    tripPoints = trips.map((trip) =>
      all.filter((p) => p.fixTime >= trip.startTime && p.fixTime <= trip.endTime),
    );
    expect(tripPoints[0]!.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await server?.dispose();
    if (dir) await removeTempDir(dir);
  });

  it.skipIf(!GPXPY_PYTHON)('writes GPX that gpxpy reads as one track per trip, with its fields', async () => {
    const read = await readWithPython('gpx', GPXPY_PYTHON!);
    expect(read).toHaveLength(2);
    read.forEach((track: Json, i: number) => {
      expect(track.type).toBe('trip');
      expect(track.name).toMatch(/^Van 7 2025-05-05 \d\d:\d\d UTC$/);
      expect(track.desc).toMatch(/^3\.0 km in \d+ min/);
      expect(track.distance).toBe(trips[i].distance);
      expect(track.points).toEqual(points(tripPoints[i]!));
    });
  });

  it.skipIf(!HAS_GPSBABEL)('writes GPX that gpsbabel reads with the same points', async () => {
    const file = join(dir, 'gpsbabel-trips.gpx');
    await writeFile(file, await exportText(`format=gpx&${range}`));
    const read = gpsbabelPoints(file);
    const expected = tripPoints.flat();
    expect(read).toHaveLength(expected.length);
    // gpsbabel prints six decimals.
    read.forEach((p, i) => {
      expect(p.lat).toBeCloseTo(expected[i].lat, 6);
      expect(p.lon).toBeCloseTo(expected[i].lon, 6);
    });
  });

  it.skipIf(!PYTHON)('writes KML that Python reads as a Placemark and gx:Track per trip', async () => {
    const read = await readWithPython('kml');
    expect(read.map((r: Json) => r.distance)).toEqual(trips.map((t) => t.distance));
    read.forEach((r: Json, i: number) => expect(r.points).toEqual(points(tripPoints[i]!)));
  });

  it.skipIf(!PYTHON)('writes GeoJSON that Python reads as a LineString per trip with its times', async () => {
    const read = await readWithPython('geojson');
    expect(read.map((r: Json) => r.type)).toEqual(['LineString', 'LineString']);
    expect(read.map((r: Json) => r.distance)).toEqual(trips.map((t) => t.distance));
    read.forEach((r: Json, i: number) => expect(r.points).toEqual(points(tripPoints[i]!)));
  });

  it.skipIf(!PYTHON)('writes CSV that Python reads as one row per trip', async () => {
    const read = await readWithPython('csv');
    expect(read).toEqual(
      trips.map((t) => ({ device: 'Van 7', startTime: t.startTime, distance: t.distance, open: 'false' })),
    );
  });

  it('writes NDJSON with one line per trip, the fields of the trips report', async () => {
    const lines = (await exportText(`format=ndjson&${range}`))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(trips.map((t) => ({ device: 'Van 7', ...t })));
  });

  for (const format of ['gpx', 'kml', 'geojson']) {
    it(`writes ${format} that imports back as the trips' points`, async () => {
      let text = await exportText(`format=${format}&${range}`);
      // GeoJSON names the device by its label per feature: import it under another name.
      if (format === 'geojson') text = text.replaceAll('"Van 7"', '"rt-trips-geojson"');
      const { res, positions } = await importBack(format, text, `rt-trips-${format}`);
      const expected = tripPoints.flat();
      expect(res.accepted).toBe(expected.length);
      const key = (p: Json) => [p.fixTime, p.lat, p.lon, p.altitude];
      expect(positions.map(key)).toEqual(expected.map(key));
    });
  }

  it('exports each trip overlapping the range whole', async () => {
    const second = trips[1];
    const mid = iso((Date.parse(second.startTime) + Date.parse(second.endTime)) / 2);
    const text = await exportText(`format=ndjson&deviceId=${deviceId}&from=${mid}&to=${second.endTime}`);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).startTime),
    ).toEqual([second.startTime]);
    const gpx = await exportText(`format=gpx&deviceId=${deviceId}&from=${mid}&to=${second.endTime}`);
    expect(gpx.match(/<trkpt /g)).toHaveLength(tripPoints[1]!.length);
  });

  it('writes the same trips from the CLI', async () => {
    const out = join(dir, 'cli-trips.csv');
    const r = await runCli([
      'export',
      '--what',
      'trips',
      '--format',
      'csv',
      '--device',
      String(deviceId),
      '--output',
      out,
      '--data-dir',
      server.dataDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(await exportText(`format=csv&deviceId=${deviceId}`));
  });
});
