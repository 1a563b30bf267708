import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { runCli } from './support/cli.ts';
import { HAS_GPSBABEL, STDLIB_PYTHON } from './support/independent-readers.ts';
import { deviceByExternalId } from './support/receivers.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';
import { samples } from './support/shared-data.ts';

const gpx = samples('gpx');
const PYTHON = STDLIB_PYTHON;
if (!PYTHON) console.warn('SKIPPED: no python3, so KML, GeoJSON and CSV exports are not read independently');

/** Python's standard library reads an export: [lat, lon, ISO time without milliseconds] per point. */
const PY_READERS: Record<string, string> = {
  kml:
    'import sys,json,xml.etree.ElementTree as E\n' +
    "ns={'k':'http://www.opengis.net/kml/2.2','gx':'http://www.google.com/kml/ext/2.2'}\n" +
    'out=[]\n' +
    "for t in E.parse(sys.argv[1]).getroot().iter('{http://www.google.com/kml/ext/2.2}Track'):\n" +
    "  ws=[w.text for w in t.findall('k:when',ns)]; cs=[c.text.split() for c in t.findall('gx:coord',ns)]\n" +
    '  out+=[[float(c[1]),float(c[0]),w[:19]] for w,c in zip(ws,cs)]\n' +
    'print(json.dumps(out))',
  geojson:
    'import sys,json\n' +
    'd=json.load(open(sys.argv[1]))\n' +
    "print(json.dumps([[f['geometry']['coordinates'][1],f['geometry']['coordinates'][0],f['properties']['time'][:19]] for f in d['features']]))",
  csv:
    'import sys,json,csv\n' +
    "print(json.dumps([[float(r['lat']),float(r['lon']),r['time'][:19]] for r in csv.DictReader(open(sys.argv[1]))]))",
};

describe.skipIf(!gpx.present)('KML, GeoJSON, CSV and NDJSON', () => {
  let server: RunningServer;
  let admin: Api;
  let dir: string;
  let source: Json[];
  let deviceId: number;
  const upload = (body: string, format: string, device: string) =>
    admin.post(`/api/v1/import?format=${format}&device=${encodeURIComponent(device)}`, body, {
      'content-type': 'application/octet-stream',
    });
  const positionsOf = async (externalId: string, vendor = 'file'): Promise<Json[]> => {
    const device = await deviceByExternalId(admin, vendor, externalId);
    return device ? admin.all(`/api/v1/devices/${device.id}/positions`) : [];
  };
  const exportText = async (format: string) => {
    const res = await fetch(`${server.url}/api/v1/export?format=${format}&deviceId=${deviceId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    server = await startServer({ dataDir: join(dir, 'data') });
    admin = new Api(server.url, ADMIN_TOKEN);
    const text = await readFile(join(gpx.dir, 'togeojson', 'run.gpx'), 'utf8');
    expectStatus(await upload(text, 'gpx', 'runner'), 200);
    deviceId = (await deviceByExternalId(admin, 'file', 'runner')).id;
    source = await admin.all(`/api/v1/devices/${deviceId}/positions`);
  });
  afterAll(async () => {
    await server?.dispose();
    if (dir) await removeTempDir(dir);
  });

  for (const format of ['kml', 'geojson', 'csv', 'ndjson']) {
    it(`exports ${format} that imports back as the same points`, async () => {
      const text = await exportText(format);
      const device = format === 'geojson' || format === 'csv' ? '' : `rt-${format}`;
      if (format === 'ndjson') {
        // NDJSON names the device itself: a re-import into the same hub is all duplicates.
        const res = expectStatus(await upload(text, 'ndjson', 'x'), 200);
        expect(res).toMatchObject({ accepted: 0, duplicate: source.length, rejected: 0 });
        return;
      }
      // GeoJSON and CSV name the device by its label per point: import them under another name.
      const body = device ? text : text.replaceAll('runner', `rt-${format}`);
      const res = expectStatus(await upload(body, format, `rt-${format}`), 200);
      expect(res.accepted).toBe(source.length);
      const back = await positionsOf(`rt-${format}`);
      const key = (p: Json) => [p.fixTime, p.lat, p.lon, p.altitude];
      expect(back.map(key)).toEqual(source.map(key));
    });

    if (format !== 'ndjson') {
      it.skipIf(!PYTHON)(
        `writes ${format} that Python's standard library reads with the same points`,
        async () => {
          const file = join(dir, `export.${format}`);
          await writeFile(file, await exportText(format));
          const points = JSON.parse(
            execFileSync(PYTHON!, ['-c', PY_READERS[format]!, file], { encoding: 'utf8' }),
          );
          expect(points).toEqual(source.map((p) => [p.lat, p.lon, p.fixTime.slice(0, 19)]));
        },
      );
    }
  }

  it.skipIf(!HAS_GPSBABEL)('writes GeoJSON that gpsbabel reads with the same points', async () => {
    const file = join(dir, 'gpsbabel.geojson');
    await writeFile(file, await exportText('geojson'));
    const csv = execFileSync('gpsbabel', ['-i', 'geojson', '-f', file, '-o', 'unicsv', '-F', '-'], {
      encoding: 'utf8',
    });
    const rows = csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(source.length);
    const [, lat, lon] = rows[0]!.split(',');
    expect(Number(lat)).toBeCloseTo(source[0].lat, 6);
    expect(Number(lon)).toBeCloseTo(source[0].lon, 6);
  });

  it('maps CSV columns by header names, any case and separator, and names the bad rows', async () => {
    const csv =
      'Timestamp;Latitude;Longitude;Speed;Heading;Driver\n' +
      '2024-05-01T10:00:00Z;52.5;13.4;30;90;anna\n' +
      '2024-05-01T10:01:00Z;north;13.4;30;90;anna\n' +
      '1714557720000;52.51;13.41;;;anna\n';
    const res = await admin.post('/api/v1/import?format=csv&device=van-1', csv, {
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.problems[0]).toMatch(/^line 3: INVALID_RECORD: lat "north"/);
    const points = await positionsOf('van-1');
    expect(points).toMatchObject([
      { fixTime: '2024-05-01T10:00:00.000Z', speed: 30, course: 90, attributes: { Driver: 'anna' } },
      { fixTime: '2024-05-01T10:02:00.000Z', lat: 52.51, speed: null },
    ]);
  });

  it('refuses a CSV without coordinate or time columns, saying which names it takes', async () => {
    const res = await admin.post('/api/v1/import?format=csv&device=x', 'when,where\n1,2\n', {
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no time, lat, lon column.*lat\/latitude/);
  });

  it('reads GeoJSON LineStrings with a time per coordinate, and skips features without times', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'ride', coordTimes: ['2024-05-01T08:00:00Z', '2024-05-01T08:00:05Z'] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [13.4, 52.5, 40],
              [13.41, 52.51, 41],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', properties: { note: 'x"}{[' }, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    });
    const res = expectStatus(await upload(geojson, 'geojson', 'bike'), 200);
    expect(res).toMatchObject({ accepted: 2, skipped: 2 });
    expect(res.problems[0]).toMatch(/feature 1 .*no time property/);
    expect(await positionsOf('bike')).toMatchObject([
      { lat: 52.5, altitude: 40 },
      { lat: 52.51, altitude: 41 },
    ]);
  });

  it('reads KML gx:Track points and makes places of Placemark points without a time', async () => {
    const kml =
      '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">' +
      '<Document><Placemark><name>Depot</name><Point><coordinates>13.4,52.5,0</coordinates></Point></Placemark>' +
      '<Placemark><gx:Track><when>2024-05-01T08:00:00Z</when><when>2024-05-01T08:01:00Z</when>' +
      '<gx:coord>13.4 52.5 30</gx:coord><gx:coord>13.5 52.6 31</gx:coord></gx:Track></Placemark>' +
      '<Placemark><LineString><coordinates>1,2 3,4</coordinates></LineString></Placemark></Document></kml>';
    const res = expectStatus(await upload(kml, 'kml', 'truck'), 200);
    expect(res).toMatchObject({ accepted: 2, placesCreated: 1, skipped: 1 });
    expect(await positionsOf('truck')).toMatchObject([{ lat: 52.5, lon: 13.4, altitude: 30 }, { lat: 52.6 }]);
    const again = expectStatus(await upload(kml, 'kml', 'truck'), 200);
    expect(again).toMatchObject({ accepted: 0, duplicate: 2, placesCreated: 0, placesExisting: 1 });
  });

  it('exports a group range from the CLI as CSV', async () => {
    const out = join(dir, 'group.csv');
    const r = await runCli(['export', '--format', 'csv', '--output', out, '--data-dir', server.dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toMatch(/^device,deviceId,time,lat,lon,altitude,speed,course/);
    expect(lines.length).toBeGreaterThan(source.length);
  });
});
