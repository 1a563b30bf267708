import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const T0 = Date.UTC(2025, 2, 10, 0, 0, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

/** A deterministic shuffle, so a failure can be reproduced. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('reading data back', () => {
  let server: RunningServer;
  let admin: Api;
  let device: Json;
  /** Fix times of the paging device; two fixes share each tenth minute (same time, another place). */
  const fixes: { time: number; lat: number }[] = [];

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    device = expectStatus(await admin.post('/api/v1/devices', { name: 'pager' }), 201);
    for (let i = 0; i < 60; i++) {
      fixes.push({ time: T0 + i * MIN, lat: 40 + i / 100 });
      if (i % 10 === 0) fixes.push({ time: T0 + i * MIN, lat: 41 + i / 100 });
    }
    // Sent out of order, in several batches, each position with a message.
    const records = shuffled(fixes).map((f) => ({
      deviceId: device.id,
      fixTime: iso(f.time),
      lat: f.lat,
      lon: 8,
      message: { payload: `p${f.lat}`, payloadEncoding: 'text' },
    }));
    for (let i = 0; i < records.length; i += 25) {
      expect(expectStatus(await admin.ingest(records.slice(i, i + 25)), 200).rejected).toBe(0);
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('shows a device’s latest position by fix time, even when older data arrives later', async () => {
    const d = expectStatus(await admin.post('/api/v1/devices', { name: 'late' }), 201);
    const send = async (minute: number, lat: number) =>
      expectStatus(
        await admin.ingest([{ deviceId: d.id, fixTime: iso(T0 + minute * MIN), lat, lon: 1 }]),
        200,
      );
    await send(10, 10);
    await send(5, 5);
    await send(1, 1);
    const latest = async () => (await admin.all('/api/v1/devices')).find((x) => x.id === d.id).latestPosition;
    expect(await latest()).toMatchObject({ fixTime: iso(T0 + 10 * MIN), lat: 10 });
    expect(expectStatus(await admin.get(`/api/v1/devices/${d.id}`), 200).latestPosition.lat).toBe(10);
    await send(11, 11);
    expect(await latest()).toMatchObject({ fixTime: iso(T0 + 11 * MIN), lat: 11 });
  });

  describe('positions', () => {
    const page = async (query: string, limit: number) => {
      const items: Json[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q = new URLSearchParams(query);
        q.set('limit', String(limit));
        if (cursor) q.set('cursor', cursor);
        const res = expectStatus(await admin.get(`/api/v1/devices/${device.id}/positions?${q}`), 200);
        expect(res.items.length).toBeLessThanOrEqual(limit);
        items.push(...res.items);
        cursor = res.next;
      } while (cursor && ++pages < 100);
      expect(cursor).toBeNull();
      return items;
    };
    const key = (p: Json) => `${p.fixTime}|${p.lat}`;
    const expected = (from: number, to: number) =>
      fixes
        .filter((f) => f.time >= from && f.time < to)
        .sort((a, b) => a.time - b.time)
        .map((f) => `${iso(f.time)}|${f.lat}`);

    it('pages ascending through a fix-time range with nothing missed or repeated', async () => {
      const from = T0 + 10 * MIN;
      const to = T0 + 50 * MIN;
      const items = await page(`from=${iso(from)}&to=${iso(to)}&order=asc`, 7);
      const keys = items.map(key);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual([...expected(from, to)].sort());
      const times = items.map((p) => Date.parse(p.fixTime));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('pages descending with nothing missed or repeated', async () => {
      const items = await page('order=desc', 4);
      const keys = items.map(key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(fixes.length);
      const times = items.map((p) => Date.parse(p.fixTime));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('takes epoch milliseconds for the range, from inclusive and to exclusive', async () => {
      const items = await page(`from=${T0 + 20 * MIN}&to=${T0 + 21 * MIN}`, 100);
      expect(items.map(key).sort()).toEqual(expected(T0 + 20 * MIN, T0 + 21 * MIN).sort());
      expect(items).toHaveLength(2);
    });

    it('answers 400 INVALID_CURSOR to a cursor it did not issue', async () => {
      for (const cursor of ['garbage!!', Buffer.from('{"x":1}').toString('base64url')]) {
        const res = await admin.get(`/api/v1/devices/${device.id}/positions?cursor=${cursor}`);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INVALID_CURSOR');
      }
    });

    it('answers 400 to a range time without a zone', async () => {
      const res = await admin.get(`/api/v1/devices/${device.id}/positions?from=2025-03-10T00:00:00`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    });
  });

  it('pages a device’s messages by cursor, each once, in both orders', async () => {
    const asc = await admin.all(`/api/v1/devices/${device.id}/messages?limit=9`);
    expect(asc).toHaveLength(fixes.length);
    expect(new Set(asc.map((m) => m.id)).size).toBe(fixes.length);
    expect(new Set(asc.map((m) => m.payload))).toEqual(new Set(fixes.map((f) => `p${f.lat}`)));
    const desc = await admin.all(`/api/v1/devices/${device.id}/messages?limit=9&order=desc`);
    expect(desc.map((m) => m.id)).toEqual(asc.map((m) => m.id).reverse());
  });

  describe('events', () => {
    let a: Json;
    let b: Json;
    beforeAll(async () => {
      a = expectStatus(await admin.post('/api/v1/devices', { name: 'ev-a' }), 201);
      b = expectStatus(await admin.post('/api/v1/devices', { name: 'ev-b' }), 201);
      const ev = (d: Json, minute: number, type: string) => ({
        deviceId: d.id,
        events: [{ type, time: iso(T0 + minute * MIN) }],
      });
      const res = expectStatus(
        await admin.ingest([
          ev(a, 1, 'sos'),
          ev(a, 2, 'ignition-on'),
          ev(a, 3, 'sos-cancelled'),
          ev(b, 4, 'sos'),
          ev(b, 5, 'ignition-off'),
          { deviceId: a.id, events: [{ type: 'not-a-type', time: iso(T0) }] },
        ]),
        200,
      );
      expect(res).toMatchObject({ accepted: 5, rejected: 1 });
      expect(res.errors[0]).toMatchObject({ index: 5, code: 'INVALID_EVENT' });
    });

    const types = async (query: string) =>
      (await admin.all(`/api/v1/events?${query}`)).map((e) => `${e.deviceId === a.id ? 'a' : 'b'}:${e.type}`);

    it('filters by device', async () => {
      expect(await types(`deviceId=${b.id}`)).toEqual(['b:sos', 'b:ignition-off']);
    });

    it('filters by one or several types, comma-separated or repeated', async () => {
      expect(await types('type=sos')).toEqual(['a:sos', 'b:sos']);
      expect(await types('type=sos,ignition-off')).toEqual(['a:sos', 'b:sos', 'b:ignition-off']);
      expect(await types('type=sos&type=sos-cancelled')).toEqual(['a:sos', 'a:sos-cancelled', 'b:sos']);
    });

    it('filters by time range, ordered by event time, paged', async () => {
      expect(await types(`from=${iso(T0 + 2 * MIN)}&to=${iso(T0 + 5 * MIN)}&limit=1`)).toEqual([
        'a:ignition-on',
        'a:sos-cancelled',
        'b:sos',
      ]);
    });

    it('answers 400 to an unknown event type and to a bad cursor', async () => {
      expect((await admin.get('/api/v1/events?type=meteor-strike')).status).toBe(400);
      const res = await admin.get('/api/v1/events?cursor=nope');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });
  });

  it('answers 400 INVALID_CURSOR on the device list and on sync too', async () => {
    for (const path of ['/api/v1/devices?cursor=%25%25', '/api/v1/sync?after=bm9wZQ']) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('INVALID_CURSOR');
    }
  });

  it('pages the device list by cursor without repeats', async () => {
    const all = await admin.all('/api/v1/devices?limit=1');
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
  });
});
