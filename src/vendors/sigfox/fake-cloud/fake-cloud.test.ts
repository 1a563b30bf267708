import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../ingest/testing/fixture.ts';
import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import {
  startFakeSigfoxCloud,
  type FakeSigfoxCloud,
  type FakeSigfoxCloudOptions,
} from './fake-sigfox-cloud.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TYPE = '4d3091a05ee16b3cc86699ab';
const GPS_TYPE = '4d52cde8b4e81b6a0db3a00e';
const options: FakeSigfoxCloudOptions = {
  login: '123login',
  password: '456passwd',
  deviceTypes: [
    { id: TYPE, name: 'SIGFOX test device', keepAlive: 0 },
    { id: GPS_TYPE, name: 'Geolocated device', payloadType: 'Geolocation' },
  ],
  devices: [
    { id: '002C', type: TYPE, name: 'Labege 4' },
    { id: '0B59', type: TYPE },
    { id: '1A2B3C', type: GPS_TYPE, route: SAMPLE_ROUTES.walk, speedMps: 1.4 },
  ],
};
const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

describe('the fake Sigfox backend (document 004)', () => {
  let cloud: FakeSigfoxCloud;
  afterEach(async () => {
    await cloud?.stop();
  });

  const get = async (path: string, auth: string | null = basic(cloud.login, cloud.password)) => {
    const res = await fetch(path.startsWith('http') ? path : `${cloud.url}${path}`, {
      headers: auth ? { authorization: auth } : {},
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  };
  /** `count` frames of `device`, 30 s apart, ending an hour ago. */
  const history = (device: string, count: number) => {
    const end = Date.now() - 3_600_000;
    for (let i = count; i > 0; i--) cloud.addMessage(device, end - i * 30_000);
  };
  /** Follows paging.next from `first`; between pages, waits for `between` to resolve. */
  const walk = async (first: string, between: () => Promise<void> = async () => {}) => {
    const items: Json[] = [];
    let next: string | undefined = first;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      items.push(...page.body.data);
      next = page.body.paging?.next;
      if (next) await between();
    }
    return items;
  };

  it('refuses requests without the API credentials, in the document’s status and with no secret in sight', async () => {
    cloud = await startFakeSigfoxCloud(options);
    const none = await get('/api/devicetypes', null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(none.body).toEqual({ message: expect.any(String) });
    const wrong = await get('/api/devices/002C/messages', basic('123login', 'guess'));
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('456passwd');
    expect((await get('/api/devicetypes', 'Bearer 456passwd')).status).toBe(401);
    expect((await get('/api/devicetypes')).status).toBe(200);
  });

  it('answers device types, devices, messages and locations in the shapes of the document’s examples', async () => {
    cloud = await startFakeSigfoxCloud(options);
    history('002C', 3);
    history('1A2B3C', 2);
    const types = await get('/api/devicetypes');
    expect(types.body.data).toHaveLength(2);
    expect(types.body.data[0]).toEqual({
      id: TYPE,
      name: 'SIGFOX test device',
      group: expect.stringMatching(/^[0-9a-f]{24}$/),
      keepAlive: 0,
      payloadType: 'None',
      contract: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    expect((await get(`/api/devicetypes/${GPS_TYPE}`)).body.payloadType).toBe('Geolocation');
    expect(await get('/api/devicetypes/ffff')).toMatchObject({
      status: 404,
      body: { message: expect.any(String) },
    });

    const devices = (await get(`/api/devicetypes/${TYPE}/devices`)).body.data;
    expect(devices.map((d: Json) => d.id)).toEqual(['002C', '0B59']);
    const last = cloud.frames().filter((f) => f.device === '002C')[2]!;
    expect(devices[0]).toMatchObject({ name: 'Labege 4', type: TYPE, last: last.time * 1000, state: 0 });
    expect(devices[0].averageSnr).toBeTypeOf('number');
    expect(devices[1]).toMatchObject({ last: 0 });
    expect(devices[1]).not.toHaveProperty('averageSnr');
    expect((await get('/api/devices/002C')).body).toMatchObject({ id: '002C', tokenType: 'CONTRACT' });
    // Not in the v1 document: every device at once.
    expect((await get('/api/devices')).status).toBe(404);

    const messages = (await get('/api/devices/002C/messages')).body;
    expect(messages).not.toHaveProperty('paging');
    expect(messages.data.map((m: Json) => m.time)).toEqual(
      cloud
        .frames()
        .filter((f) => f.device === '002C')
        .map((f) => f.time)
        .reverse(),
    );
    expect(messages.data[0]).toEqual({
      device: '002C',
      time: last.time,
      data: expect.stringMatching(/^[0-9a-f]{18}$/),
      snr: expect.stringMatching(/^-?\d+(\.\d)?$/),
      linkQuality: expect.stringMatching(/^(LIMIT|AVERAGE|GOOD|EXCELLENT)$/),
      seqNumber: last.seqNumber,
      rinfos: expect.arrayContaining([
        {
          tap: expect.stringMatching(/^[0-9A-F]{4}$/),
          snr: expect.any(String),
          lat: '44',
          lng: expect.stringMatching(/^[12]$/),
        },
      ]),
    });
    // A GPS device: its payload holds the fix, and its locations are exact (radius 0).
    const gps = (await get('/api/devices/1A2B3C/locations')).body.data[0];
    expect(gps).toMatchObject({ valid: true, radius: 0 });
    const data = Buffer.from((await get('/api/devices/1A2B3C/messages')).body.data[0].data, 'hex');
    expect([data.readInt32BE(0) / 1e6, data.readInt32BE(4) / 1e6]).toEqual([gps.lat, gps.lng]);
  });

  it('walks every message of a device type once while new ones arrive', async () => {
    cloud = await startFakeSigfoxCloud({ ...options, messageEveryMs: 5 });
    for (const d of options.devices) history(d.id, 120);
    const existing = cloud.frames().filter((f) => f.typeId === TYPE);
    const grows = async () => {
      const count = cloud.frames().length;
      await until(() => cloud.frames().length > count, 'the devices send again');
    };
    const first = await walk(`/api/devicetypes/${TYPE}/messages`, grows);
    const seen = first.map((m: Json) => `${m.device}/${m.seqNumber}`);
    // Each once, newest first; what arrived before the first page was answered may lead, nothing after it.
    expect(new Set(seen).size).toBe(seen.length);
    expect(first.map((m: Json) => m.time)).toEqual(
      first.map((m: Json) => m.time).sort((a: number, b: number) => b - a),
    );
    expect(seen.slice(seen.length - existing.length)).toEqual(
      [...existing].sort((a, b) => b.time - a.time).map((f) => `${f.device}/${f.seqNumber}`),
    );
    // And frames did arrive during the walk: more than it saw.
    expect(cloud.frames().filter((f) => f.typeId === TYPE).length).toBeGreaterThan(seen.length);
    // From the newest second seen: what arrived meanwhile, and nothing older than it.
    const top = first[0].time;
    const before = cloud.frames().filter((f) => f.typeId === TYPE);
    const second = await walk(`/api/devicetypes/${TYPE}/messages?since=${top}`, grows);
    const keys = second.map((m: Json) => `${m.device}/${m.seqNumber}/${m.time}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of before.filter((f) => f.time >= top))
      expect(keys).toContain(`${f.device}/${f.seqNumber}/${f.time}`);
    expect(second.every((m: Json) => m.time >= top)).toBe(true);
  });

  it('pages one device’s messages and locations by time, as the document’s next links do', async () => {
    cloud = await startFakeSigfoxCloud({ ...options, messageEveryMs: 5 });
    history('0B59', 250);
    const page = (await get('/api/devices/0B59/messages')).body;
    expect(page.data).toHaveLength(100);
    const next = new URL(page.paging.next);
    expect(next.origin + next.pathname).toBe(`${cloud.url}/api/devices/0B59/messages`);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      limit: '100',
      before: String(page.data[99].time),
    });
    const grows = async () => {
      const count = cloud.frames().length;
      await until(() => cloud.frames().length > count, 'the devices send again');
    };
    const messages = await walk('/api/devices/0B59/messages', grows);
    const locations = await walk('/api/devices/0B59/locations', grows);
    const sent = cloud.frames().filter((f) => f.device === '0B59');
    // Every frame once, from the newest at the first page down to the first ever sent.
    expect(messages.map((m: Json) => m.seqNumber)).toEqual(
      sent
        .slice(0, messages.length)
        .reverse()
        .map((f) => f.seqNumber),
    );
    expect(locations.map((l: Json) => l.time)).toEqual(
      sent
        .slice(0, locations.length)
        .reverse()
        .map((f) => f.time),
    );
    expect(locations.length).toBeGreaterThanOrEqual(messages.length);
    // Some RSSI estimates fail: those say so and carry no position.
    expect(locations.filter((l: Json) => !l.valid).every((l: Json) => !('lat' in l))).toBe(true);
    expect(locations.some((l: Json) => l.valid && l.radius >= 1000)).toBe(true);
  });

  it('enforces the document’s limits: 100 a page, offsets up to 5000, whole numbers', async () => {
    cloud = await startFakeSigfoxCloud(options);
    const start = Date.now() - 30 * 86_400_000;
    for (let i = 0; i < 5150; i++) cloud.addMessage(i % 2 ? '002C' : '0B59', start + i * 1000);
    const path = `/api/devicetypes/${TYPE}/messages`;
    const big = (await get(`${path}?limit=1000`)).body;
    expect(big.data).toHaveLength(100);
    expect(new URL(big.paging.next).searchParams.get('limit')).toBe('100');
    expect((await get(path)).body.data).toHaveLength(100);
    // The last offset served is 5000: its page has no next link, though older messages remain.
    const lastPage = (await get(`${path}?offset=5000`)).body;
    expect(lastPage.data).toHaveLength(100);
    expect(lastPage).not.toHaveProperty('paging');
    for (const bad of ['offset=5001', 'offset=-1', 'limit=0', 'limit=ten', 'since=yesterday', 'before=1.5']) {
      const res = await get(`${path}?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.message, bad).toMatch(/^(offset|limit|since|before) must be/);
    }
    expect((await get(`/api/devicetypes/${TYPE}/devices?snr=5`)).status).toBe(400);
    expect((await get('/api/devices/%E0%A4%A')).status).toBe(400);
  });

  it('calls the hub’s Sigfox receiver back with each new frame and its geolocation', async () => {
    const hub = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
    try {
      const src = await sigfoxSource(hub.storage);
      cloud = await startFakeSigfoxCloud({
        ...options,
        callback: {
          url: `${hub.url}/ingest/sigfox/${src.source.id}`,
          headers: { 'x-trackway-secret': src.secret },
          geolocation: true,
        },
      });
      const sent = [...cloud.tick(), ...cloud.tick()];
      const expected = sent.length + sent.filter((f) => f.location.valid).length;
      await until(() => cloud.callbacks.length === expected, 'every callback is answered', 10_000);
      expect(cloud.callbacks.every((c) => c.status === 204)).toBe(true);
      for (const frame of sent) {
        const ref = { vendor: 'sigfox', externalId: frame.device };
        const id = [...(await hub.storage.resolveDevices([ref], null)).values()][0]!.deviceId;
        const stored = (await hub.storage.listMessages({ deviceId: id, limit: 10 })).items;
        expect(stored.find((m) => m.radio.seqNumber === frame.seqNumber)).toMatchObject({
          deviceTime: frame.time * 1000,
          payload: frame.data,
        });
        if (frame.location.valid) {
          const positions = (await hub.storage.listPositions({ deviceId: id, limit: 10 })).items;
          expect(positions.find((p) => p.fixTime === frame.time * 1000)).toMatchObject({
            lat: frame.location.lat,
            lon: frame.location.lng,
          });
        }
      }
    } finally {
      await cloud.stop();
      await hub.stop();
    }
  });
});
