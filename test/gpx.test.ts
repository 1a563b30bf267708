import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { runCli } from './support/cli.ts';
import { GPXPY_PYTHON, gpsbabelPoints, gpxpyPoints, HAS_GPSBABEL } from './support/independent-readers.ts';
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

/**
 * Expected import of each sample: positions (timed track and route points), points skipped, waypoints. The
 * counts agree with gpxpy's reading of the same files (checked below when gpxpy is installed).
 */
const EXPECTED: Record<string, { positions: number; skipped: number; places: number } | 'nothing'> = {
  'Mojstrovka.gpx': { positions: 184, skipped: 0, places: 0 },
  'around-visnjan-with-car.gpx': { positions: 104, skipped: 0, places: 0 },
  'cerknicko-jezero.gpx': { positions: 296, skipped: 0, places: 7 },
  'cerknicko-without-times.gpx': { positions: 5, skipped: 291, places: 7 },
  'gpx1.0_with_all_fields.gpx': { positions: 2, skipped: 4, places: 2 },
  'gpx1.1_with_all_fields.gpx': { positions: 2, skipped: 4, places: 2 },
  'korita-zbevnica.gpx': { positions: 513, skipped: 358, places: 2 },
  'route.gpx': 'nothing',
  'track-with-empty-segment.gpx': { positions: 9, skipped: 0, places: 0 },
  'track-with-extremes.gpx': 'nothing',
  'track_with_speed.gpx': { positions: 3, skipped: 0, places: 0 },
  'unicode_with_bom.gpx': { positions: 0, skipped: 0, places: 1 },
  'Friday-Evening-Run.gpx': { positions: 17, skipped: 0, places: 0 },
  'bad.gpx': 'nothing',
  'empty_ele.gpx': { positions: 2, skipped: 0, places: 0 },
  'empty_trk.gpx': 'nothing',
  'garmin_extensions.gpx': { positions: 1, skipped: 6, places: 2 },
  'multitrackgpx.gpx': { positions: 117, skipped: 0, places: 0 },
  'osm.gpx': { positions: 175, skipped: 245, places: 0 },
  'run.gpx': { positions: 206, skipped: 0, places: 0 },
  'strava.gpx': { positions: 3, skipped: 0, places: 0 },
};

describe.skipIf(!gpx.present)('GPX import and export', () => {
  let server: RunningServer;
  let admin: Api;
  let dir: string;
  const files = gpx.present
    ? ['gpxpy', 'togeojson'].flatMap((d) =>
        readdirSync(join(gpx.dir, d))
          .filter((f) => f.endsWith('.gpx'))
          .map((f) => join(gpx.dir, d, f)),
      )
    : [];
  const upload = async (file: string, device: string) =>
    admin.post(
      `/api/v1/import?format=gpx&device=${encodeURIComponent(device)}`,
      await readFile(file, 'utf8'),
      {
        'content-type': 'application/gpx+xml',
      },
    );
  const positionsOf = async (externalId: string): Promise<Json[]> => {
    const device = await deviceByExternalId(admin, 'file', externalId);
    return device ? admin.all(`/api/v1/devices/${device.id}/positions`) : [];
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    server = await startServer({ dataDir: join(dir, 'data') });
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
    if (dir) await removeTempDir(dir);
  });

  it('imports every sample, or refuses it with a clear message when it holds nothing to store', async () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) {
      const name = basename(file);
      const expected = EXPECTED[name]!;
      const res = await upload(file, name);
      if (expected === 'nothing') {
        expect(res.status, name).toBe(400);
        expect(res.body.error.code).toBe('INVALID_FILE');
        expect(res.body.error.message, name).toMatch(/nothing to import/);
        continue;
      }
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
      const r = res.body;
      expect(r.accepted + r.duplicate, name).toBe(expected.positions);
      expect(r.skipped, name).toBe(expected.skipped);
      expect(r.placesCreated + r.placesExisting, name).toBe(expected.places);
    }
  });

  it('says why points were skipped, naming their line', async () => {
    const res = await upload(join(gpx.dir, 'togeojson', 'bad.gpx'), 'bad');
    expect(res.body.report.problems[0]).toMatch(/^line 5 \(<trkpt>\): skipped: lat "undefined"/);
    const untimed = await upload(join(gpx.dir, 'gpxpy', 'korita-zbevnica.gpx'), 'korita-again');
    expect(untimed.body.problems.some((p: string) => /skipped: the point has no time/.test(p))).toBe(true);
  });

  it('reads 1901 dates with seven fractional digits, elevation and GPX 1.0 speed', async () => {
    const [first] = await positionsOf('Mojstrovka.gpx');
    expect(first).toMatchObject({ fixTime: '1901-12-13T20:45:52.207Z', lat: 46.434981, lon: 13.748273 });
    expect(first.altitude).toBeCloseTo(1614.678, 3);
    const speeds = (await positionsOf('track_with_speed.gpx')).map((p) => p.speed);
    expect(speeds.every((s) => typeof s === 'number')).toBe(true);
    const all = await positionsOf('gpx1.0_with_all_fields.gpx');
    expect(all[0]).toMatchObject({ satellites: expect.any(Number), hdop: expect.any(Number) });
  });

  it('stores nothing twice when the same file is imported again', async () => {
    const file = join(gpx.dir, 'gpxpy', 'cerknicko-jezero.gpx');
    const again = expectStatus(await upload(file, 'cerknicko-jezero.gpx'), 200);
    expect(again).toMatchObject({ accepted: 0, duplicate: 296, placesCreated: 0, placesExisting: 7 });
    expect(await positionsOf('cerknicko-jezero.gpx')).toHaveLength(296);
  });

  it('keeps what came before a break in the XML, and says where and what was kept', async () => {
    const text = await readFile(join(gpx.dir, 'togeojson', 'run.gpx'), 'utf8');
    const cut = text.slice(0, text.indexOf('<trkpt', Math.floor(text.length / 2))) + '<trkpt lat="1" <<';
    const res = await admin.post('/api/v1/import?format=gpx&device=broken', cut, {
      'content-type': 'application/gpx+xml',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_FILE');
    expect(res.body.error.message).toMatch(/^line \d+: not well-formed XML/);
    expect(res.body.error.message).toMatch(/records before it are stored/);
    const kept = res.body.report.accepted;
    expect(kept).toBeGreaterThan(0);
    expect(await positionsOf('broken')).toHaveLength(kept);
  });

  it('refuses a file that is not GPX', async () => {
    const res = await admin.post('/api/v1/import?format=gpx&device=x', '<kml></kml>', {
      'content-type': 'application/gpx+xml',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/root element is <kml>/);
  });

  describe('export', () => {
    let exported: string;
    let source: Json[];

    beforeAll(async () => {
      const device = await deviceByExternalId(admin, 'file', 'run.gpx');
      source = await admin.all(`/api/v1/devices/${device.id}/positions`);
      const res = await fetch(`${server.url}/api/v1/export?format=gpx&deviceId=${device.id}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/gpx\+xml/);
      exported = join(dir, 'export.gpx');
      await writeFile(exported, await res.text());
    });

    it('round-trips through our own import with the same points', async () => {
      const res = expectStatus(await upload(exported, 'round-trip'), 200);
      expect(res.accepted).toBe(source.length);
      const back = await positionsOf('round-trip');
      const key = (p: Json) => [p.fixTime, p.lat, p.lon, p.altitude];
      expect(back.map(key)).toEqual(source.map(key));
    });

    it.skipIf(!GPXPY_PYTHON)('is read by gpxpy with the same points and times', () => {
      const points = gpxpyPoints(exported);
      expect(points).toEqual(source.map((p) => [p.lat, p.lon, Date.parse(p.fixTime)]));
    });

    it.skipIf(!HAS_GPSBABEL)('is read by gpsbabel with the same points', () => {
      const points = gpsbabelPoints(exported);
      expect(points).toHaveLength(source.length);
      points.forEach((p, i) => {
        expect(p.lat).toBeCloseTo(source[i].lat, 6);
        expect(p.lon).toBeCloseTo(source[i].lon, 6);
      });
      expect(`${points[0]!.date}T${points[0]!.time}`.replace(/\//g, '-')).toContain(
        source[0].fixTime.slice(0, 19),
      );
    });

    it('is written by the CLI too, and the range limits it', async () => {
      const device = await deviceByExternalId(admin, 'file', 'run.gpx');
      const out = join(dir, 'cli.gpx');
      const from = source[10].fixTime;
      const to = source[20].fixTime;
      const r = await runCli([
        'export',
        '--format',
        'gpx',
        '--device',
        String(device.id),
        '--from',
        from,
        '--to',
        to,
        '--output',
        out,
        '--data-dir',
        server.dataDir,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const res = expectStatus(await upload(out, 'cli-range'), 200);
      expect(res.accepted).toBe(10);
    });
  });

  it('imports GPX from the CLI with a device named by the file', async () => {
    const r = await runCli([
      'import',
      join(gpx.dir, 'togeojson', 'strava.gpx'),
      '--data-dir',
      server.dataDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/strava\.gpx: 3 accepted, 0 duplicate, 0 rejected/);
    expect(await positionsOf('strava')).toHaveLength(3);
  });
});
