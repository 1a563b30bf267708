import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';
import { samples } from './support/shared-data.ts';

const T0 = Date.UTC(2025, 4, 5, 6, 0, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
/** Metres to degrees of longitude at latitude 52 (about 68.6 km per degree). */
const east = (metres: number) => metres / 68_640;

describe('places, derived trips and events over HTTP', () => {
  let server: RunningServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('validates places as the places API document says', async () => {
    const bad = await admin.post('/api/v1/places', { name: 'x', latitude: 91, longitude: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect((await admin.post('/api/v1/places', { name: 'x', latitude: 0, longitude: 181 })).status).toBe(400);
    expect((await admin.post('/api/v1/places', { latitude: 0, longitude: 0 })).status).toBe(400);
    const missing = await admin.get('/api/v1/places/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('PLACE_NOT_FOUND');
  });

  it('creates, updates (not the coordinates), archives and restores a place', async () => {
    const p = expectStatus(
      await admin.post('/api/v1/places', {
        identifier: 'FALOC_1',
        name: 'test location',
        details: 'test details',
        latitude: 10.2,
        longitude: 20.22,
        labels: ['a', 'b', 'c'],
      }),
      201,
    );
    expect(p).toMatchObject({ identifier: 'FALOC_1', radius: 100, archived: false, archivedAt: null });
    expect(
      (await admin.post('/api/v1/places', { identifier: 'FALOC_1', name: 'y', latitude: 0, longitude: 0 }))
        .status,
    ).toBe(409);
    const moved = await admin.request('PUT', '/api/v1/places/FALOC_1', { latitude: 11 });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toContain('latitude');
    const renamed = expectStatus(
      await admin.request('PUT', '/api/v1/places/FALOC_1', { name: 'new location name', labels: ['123'] }),
      200,
    );
    expect(renamed).toMatchObject({
      name: 'new location name',
      labels: ['123'],
      details: 'test details',
      latitude: 10.2,
    });
    const archived = expectStatus(await admin.request('PUT', '/api/v1/places/FALOC_1/archive'), 200);
    expect(archived.archived).toBe(true);
    expect(Date.parse(archived.archivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const list = expectStatus(await admin.get('/api/v1/places?archived=true'), 200);
    expect(list.items.map((x: Json) => x.identifier)).toContain('FALOC_1');
    const restored = expectStatus(await admin.request('PUT', '/api/v1/places/FALOC_1/restore'), 200);
    expect(restored).toMatchObject({ archived: false, archivedAt: null });
  });

  it('imports places from CSV with a report per row, read as UTF-8 or converted to it', async () => {
    const template = await admin.get('/api/v1/places/import-template?format=csv');
    expect(template.status).toBe(200);
    expect(String(template.body).split('\r\n')[0]).toBe(
      'identifier,name,details,labels,latitude,longitude,radius,polygon',
    );
    const json = await admin.get('/api/v1/places/import-template?format=json');
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe('Unsupported import template: json');
    const csv = [
      'identifier,name,details,labels,latitude,longitude,radius,polygon',
      'IMP-1,Café Müller,,food|stop,52.5,13.4,80,',
      'IMP-2,,,,52.5,13.4,,',
      'IMP-3,Far,,,95,13.4,,',
      'IMP-1,Again,,,52.5,13.4,,',
      'IMP-4,Yard,,,52.5,13.4,,52.5 13.4;52.501 13.4;52.501 13.402',
    ].join('\r\n');
    const res = expectStatus(
      await admin.request('POST', '/api/v1/places/import', csv, { 'content-type': 'text/csv' }),
      200,
    );
    expect(res).toMatchObject({ encoding: 'utf-8', created: 2, failed: 3 });
    expect(res.rows.map((r: Json) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'failed'],
      [6, 'created'],
    ]);
    expect(res.rows[1].error).toBe('name is required');
    expect(expectStatus(await admin.get('/api/v1/places/IMP-1'), 200).name).toBe('Café Müller');
    expect(expectStatus(await admin.get('/api/v1/places/IMP-4'), 200).polygon).toHaveLength(4);
    // The same name saved by a spreadsheet in Windows-1252.
    const latin = Buffer.concat([
      Buffer.from('identifier,name,latitude,longitude\r\nIMP-5,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',1,2\r\n'),
    ]);
    const converted = await fetch(`${server.url}/api/v1/places/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: latin,
    });
    expect(((await converted.json()) as Json).encoding).toBe('windows-1252');
    expect(expectStatus(await admin.get('/api/v1/places/IMP-5'), 200).name).toBe('Café');
    const exported = await admin.get('/api/v1/places/export');
    expect(String(exported.body)).toContain('IMP-1,Café Müller,,food|stop,52.5,13.4,80,');
  });

  it('derives trips, stops, place visits and reports from ingested positions', async () => {
    const device = expectStatus(await admin.post('/api/v1/devices', { name: 'van' }), 201);
    const home = { lat: 52, lon: 13 };
    const depotLon = home.lon + east(3000);
    expectStatus(
      await admin.post('/api/v1/places', {
        identifier: 'DEPOT',
        name: 'Depot',
        latitude: 52,
        longitude: depotLon,
        radius: 150,
      }),
      201,
    );
    // 10 min at home, 3 km east in 6 min, 20 min in the depot, then 3 km back; a fix every 30 s.
    const fixes: { t: number; lon: number }[] = [];
    let t = T0;
    const stay = (lon: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000) fixes.push({ t, lon });
    };
    const go = (fromLon: number, toLon: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000)
        fixes.push({ t, lon: fromLon + ((toLon - fromLon) * i) / (minutes * 2) });
    };
    stay(home.lon, 10);
    go(home.lon, depotLon, 6);
    stay(depotLon, 20);
    go(depotLon, home.lon, 6);
    stay(home.lon, 10);
    const records = fixes.map((f) => ({
      deviceId: device.id,
      fixTime: iso(f.t),
      lat: home.lat,
      lon: f.lon,
      speed: 30,
    }));
    // The second half first: the first half lands late and the span is recomputed.
    const half = Math.floor(records.length / 2);
    for (const chunk of [records.slice(half), records.slice(0, half)]) {
      expect(expectStatus(await admin.ingest(chunk), 200).rejected).toBe(0);
    }
    const range = `deviceId=${device.id}&from=${iso(T0)}&to=${iso(t + MIN)}`;
    const trips = expectStatus(await admin.get(`/api/v1/reports/trips?${range}`), 200).items;
    expect(trips).toHaveLength(2);
    for (const trip of trips) {
      expect(trip.distance).toBeGreaterThan(2900);
      expect(trip.distance).toBeLessThan(3100);
    }
    const stops = expectStatus(await admin.get(`/api/v1/reports/stops?${range}`), 200).items;
    expect(stops).toHaveLength(3);
    const depot = expectStatus(await admin.get('/api/v1/places/DEPOT'), 200);
    expect(stops[1].placeId).toBe(depot.id);
    const events = expectStatus(await admin.get(`/api/v1/events?deviceId=${device.id}&limit=100`), 200).items;
    expect(events.map((e: Json) => e.type)).toEqual([
      'trip-start',
      'place-enter',
      'trip-end',
      'trip-start',
      'place-exit',
      'trip-end',
    ]);
    const visits = expectStatus(await admin.get(`/api/v1/reports/place-visits?${range}`), 200).items;
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ placeId: depot.id, placeName: 'Depot' });
    expect(visits[0].durationSeconds).toBeGreaterThan(19 * 60);
    const summary = expectStatus(await admin.get(`/api/v1/reports/summary?${range}`), 200).items;
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ day: iso(T0).slice(0, 10), trips: 2 });
    expect(summary[0].distance).toBeGreaterThan(5800);
    // 06:00 UTC is 20:00 the evening before in Honolulu.
    const local = expectStatus(await admin.get(`/api/v1/reports/summary?${range}&tz=Pacific/Honolulu`), 200);
    expect(local.items.map((d: Json) => [d.day, d.trips])).toEqual([['2025-05-04', 2]]);
    const unknownZone = await admin.get(`/api/v1/reports/summary?${range}&tz=Europe/Atlantis`);
    expect(unknownZone.status).toBe(400);
    expect(unknownZone.body.error.message).toContain('tz');
    const csv = await admin.get(`/api/v1/reports/trips?${range}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(3);
    expect(
      (await admin.get(`/api/v1/reports/trips?deviceId=${device.id}&from=${iso(T0)}&to=${iso(T0)}`)).status,
    ).toBe(400);
  });

  describe.skipIf(!samples('osmand').present)('Traccar test trip (real points, 5 minutes apart)', () => {
    it('splits it into trips and stops that follow each other without overlap', async () => {
      const lines = readFileSync(join(samples('osmand').dir, 'traccar__test-trips-points.csv'), 'utf8')
        .split('\n')
        .filter((l) => /^\d{4}-/.test(l));
      const device = expectStatus(await admin.post('/api/v1/devices', { name: 'traccar-test' }), 201);
      const records = lines.map((l) => {
        const [time, lat, lon, speed] = l.split(',');
        return {
          deviceId: device.id,
          fixTime: `${time!.replace(' ', 'T')}Z`,
          lat: Number(lat),
          lon: Number(lon),
          speed: Number(speed),
        };
      });
      expect(expectStatus(await admin.ingest(records), 200).accepted).toBe(12);
      const range = `deviceId=${device.id}&from=2017-01-01T00:00:00Z&to=2017-01-02T00:00:00Z`;
      const trips = expectStatus(await admin.get(`/api/v1/reports/trips?${range}`), 200).items;
      const stops = expectStatus(await admin.get(`/api/v1/reports/stops?${range}`), 200).items;
      const spans = [...trips.map((x: Json) => ['trip', x]), ...stops.map((x: Json) => ['stop', x])].sort(
        (a, b) => Date.parse(a[1].startTime) - Date.parse(b[1].startTime),
      );
      // The points stand still at 00:15-00:20 and 00:50-00:55 and creep ~100 m per 5 minutes in between.
      expect(stops.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i][0]).not.toBe(spans[i - 1][0]);
        expect(spans[i][1].startTime).toBe(spans[i - 1][1].endTime);
      }
    });
  });
});
