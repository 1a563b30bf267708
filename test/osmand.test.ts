import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { basic, deviceByExternalId, pushSourceWithSecret } from './support/receivers.ts';
import { ADMIN_TOKEN, makeTempDir, startServer, type RunningServer } from './support/server.ts';
import { readJson, samples } from './support/shared-data.ts';

const osmandSamples = samples('osmand');

interface Sample {
  verify: string;
  method: string;
  request_uri?: string;
  body?: string;
  traccar_expects_attribute?: Record<string, unknown>;
}

/** Sends raw bytes and returns the status line and body of the answer. */
function rawRequest(url: string, text: string): Promise<{ status: number; response: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let response = '';
    socket.setEncoding('utf8').on('data', (d: string) => (response += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]), response }));
  });
}

/** Polls `find` until it returns something (the server writes its log asynchronously). */
async function waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('OsmAnd receiver', () => {
  let server: RunningServer;
  let admin: Api;
  let portUrl: string;
  let secret: string;
  let sourceId: number;
  const positionsOf = async (externalId: string): Promise<Json[]> => {
    const device = await deviceByExternalId(admin, 'osmand', externalId);
    return device ? admin.all(`/api/v1/devices/${device.id}/positions`) : [];
  };

  beforeAll(async () => {
    const dir = await makeTempDir();
    server = await startServer({ args: ['--port', '0', '--data-dir', dir, '--osmand-port', '0'] });
    portUrl = (await server.waitForStderr(/OsmAnd receiver listening on (\S+)/))[1]!;
    admin = new Api(server.url, ADMIN_TOKEN);
    ({
      secret,
      source: { id: sourceId },
    } = await pushSourceWithSecret(admin, 'osmand'));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  describe.skipIf(!osmandSamples.present)("every request sample of Traccar's decoder test", () => {
    const items = osmandSamples.present
      ? readJson<{ items: Sample[] }>(join(osmandSamples.dir, 'traccar__osmand-requests.json')).items
      : [];

    it("answers the query-string requests on the apps' port: 200 once stored, 400 without an id", async () => {
      for (const item of items.filter((i) => i.request_uri)) {
        const res = await fetch(`${portUrl}${item.request_uri}&token=${secret}`, { method: item.method });
        const expected = item.verify === 'verifyNull' ? 400 : 200;
        expect(res.status, `${item.request_uri}: ${await res.clone().text()}`).toBe(expected);
      }
      const [p] = await positionsOf('902064');
      expect(p).toMatchObject({ lat: 42.06288, lon: -88.23412, hdop: 6, altitude: 224, speed: 0 });
      const times = (await positionsOf('902064')).map((x) => x.fixTime).sort();
      expect(times).toEqual(['2015-09-12T14:38:06.579Z', '2016-01-27T18:55:47.000Z']);
      expect((await positionsOf('353861053849681'))[0].fixTime).toBe('2014-06-04T09:10:11.000Z');
      // Three requests of 123456 (one as location=lat,lon) name the same fix: stored once, the rest are
      // duplicates. The `deviceid=` request has no timestamp, so it is a fix at the time it arrived.
      const [fix, untimed] = await positionsOf('123456');
      expect(fix).toMatchObject({
        fixTime: '2013-08-22T13:14:27.000Z',
        lat: 60,
        lon: 30,
        hdop: 0,
        course: 0,
      });
      expect(untimed).toMatchObject({ lat: 60, lon: 30, attributes: { vacc: 0, hacc: 0 } });
      expect(Date.now() - Date.parse(untimed.fixTime)).toBeLessThan(3600_000);
      const car = (await positionsOf('123456789012345'))[0];
      expect(car.speed).toBeCloseTo(40 * 1.852, 6);
      expect(car.course).toBeCloseTo(7.19889788244, 6);
      expect(car).toMatchObject({
        ignition: true,
        attributes: { rpm: 933, fuel: 24 },
      });
      const noTime = (await positionsOf('861001000719969'))[0];
      expect(noTime.attributes.batteryLevel).toBe(87);
      expect(Date.now() - Date.parse(noTime.fixTime)).toBeLessThan(3600_000);
    });

    it('keeps a cell and Wi-Fi only request as a message with its networks', async () => {
      const device = await deviceByExternalId(admin, 'osmand', '123456');
      const messages = await admin.all(`/api/v1/devices/${device.id}/messages`);
      const network = messages.find((m: Json) => m.messageType === 'network');
      expect(network.decoded.network.cellTowers).toEqual([
        { mobileCountryCode: 257, mobileNetworkCode: 2, locationAreaCode: 16, cellId: 2224 },
        {
          mobileCountryCode: 257,
          mobileNetworkCode: 2,
          locationAreaCode: 16,
          cellId: 2223,
          signalStrength: -90,
        },
      ]);
      expect(network.decoded.network.wifiAccessPoints[0]).toEqual({
        macAddress: '00:14:22:01:23:45',
        signalStrength: -80,
      });
    });

    it('reads the JSON bodies of the newer Traccar Client on the main port', async () => {
      for (const item of items.filter((i) => i.body)) {
        const res = await fetch(`${server.url}/ingest/osmand?token=${secret}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: item.body,
        });
        expect(res.status, await res.clone().text()).toBe(200);
      }
      // The sample with extras repeats the first sample's fix, so it is a duplicate; sent as another device,
      // its extras become attributes.
      const withExtras = items.find((i) => i.traccar_expects_attribute)!;
      const body = JSON.parse(withExtras.body!);
      body.device_id = 'extras';
      const res = await fetch(`${server.url}/ingest/osmand?token=${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      expect((await positionsOf('extras'))[0].attributes).toMatchObject({
        ...withExtras.traccar_expects_attribute,
        device_string_test: 'long_device_id',
        device_bool_false_test: false,
        device_very_long_double_test: 1763636.3442,
      });
      expect(await positionsOf('48241179')).toHaveLength(1);
      const moving = (await positionsOf('8737767034'))[0];
      expect(moving).toMatchObject({
        fixTime: '2021-07-21T08:06:34.444Z',
        lat: -6.1148096,
        lon: 106.6837015,
        accuracy: 3.8,
        altitude: 35.7,
        course: 63,
        motion: false,
        attributes: { batteryLevel: 79, charge: false, activity: 'still', event: 'motionchange' },
      });
      expect(moving.speed).toBeCloseTo(18.67 * 3.6, 6);
      // -1 is the library's "unknown": no speed or course is made up from it.
      const still = (await positionsOf('658765'))[0];
      expect(still).toMatchObject({ speed: null, course: null, attributes: { mock: true } });
    });
  });

  it('takes a request line without a leading slash, as some trackers send it', async () => {
    const body = '';
    const res = await rawRequest(
      portUrl,
      `POST ?id=noslash&lat=10.5&lon=20.25&timestamp=1700000000&token=${secret} HTTP/1.1\r\n` +
        `Host: x\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    expect(res.response).toMatch(/connection: close/i);
    expect(await positionsOf('noslash')).toMatchObject([{ lat: 10.5, lon: 20.25 }]);
  });

  it('reads a form body, takes the secret as Basic password, and raises an SOS event for alarm=sos', async () => {
    const res = await fetch(`${server.url}/ingest/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('x', secret) },
      body: 'deviceid=form-1&lat=1.5&lon=2.5&timestamp=2024-03-01T10:00:00Z&alarm=sos&batt=55&charge=true',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const [p] = await positionsOf('form-1');
    expect(p).toMatchObject({ lat: 1.5, attributes: { alarm: 'sos', batteryLevel: 55, charge: true } });
    const events = await admin.all(`/api/v1/events?deviceId=${p.deviceId}&type=sos`);
    expect(events).toMatchObject([{ type: 'sos', time: '2024-03-01T10:00:00.000Z' }]);
  });

  it('answers 400 with a reason for missing coordinates or an unreadable field, and stores nothing', async () => {
    const noFix = await fetch(`${portUrl}/?id=bad-1&timestamp=1700000000&token=${secret}`);
    expect(noFix.status).toBe(400);
    expect(((await noFix.json()) as Json).error.message).toMatch(/coordinates are missing/);
    const badLat = await fetch(`${portUrl}/?id=bad-1&lat=north&lon=1&token=${secret}`);
    expect(badLat.status).toBe(400);
    expect(((await badLat.json()) as Json).error.message).toMatch(/lat must be a number/);
    const badTime = await fetch(`${portUrl}/?id=bad-1&lat=1&lon=1&timestamp=yesterday&token=${secret}`);
    expect(((await badTime.json()) as Json).error.message).toMatch(/timestamp "yesterday"/);
    const outOfRange = await fetch(`${portUrl}/?id=bad-1&lat=95&lon=1&token=${secret}`);
    expect(outOfRange.status).toBe(400);
    expect(await deviceByExternalId(admin, 'osmand', 'bad-1')).toBeUndefined();
  });

  describe('device authentication', () => {
    it('refuses a request without a secret or with a wrong one with 401, and stores nothing', async () => {
      const none = await fetch(`${portUrl}/?id=intruder&lat=1&lon=1&timestamp=1700000000`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/Basic/);
      const wrong = await fetch(`${portUrl}/?id=intruder&lat=1&lon=1&timestamp=1700000000&token=dev_wrong`);
      expect(wrong.status).toBe(401);
      const wrongBasic = await fetch(`${server.url}/ingest/osmand?id=intruder&lat=1&lon=1`, {
        headers: { authorization: basic('intruder', 'nope') },
      });
      expect(wrongBasic.status).toBe(401);
      expect(await deviceByExternalId(admin, 'osmand', 'intruder')).toBeUndefined();
    });

    it("makes a phone's 401 visible: the source's last error and a warn log line, without the secret", async () => {
      // Traccar's tools and many trackers send no secret and ignore the 401.
      expect((await fetch(`${portUrl}/?id=silent-phone&lat=1&lon=1&timestamp=1700000000`)).status).toBe(401);
      const source = expectStatus(await admin.get(`/api/v1/sources/${sourceId}`), 200);
      expect(source.lastError).toMatch(/401.*silent-phone.*secret/);
      expect(source.lastErrorAt).not.toBeNull();
      const wrong = await fetch(`${portUrl}/?id=silent-phone&lat=1&lon=1&token=dev_wrong-secret`);
      expect(wrong.status).toBe(401);
      const line = await waitFor(() =>
        server
          .stdout()
          .split('\n')
          .find((l) => l.includes('"level":40') && l.includes('silent-phone') && l.includes('unknown')),
      );
      expect(JSON.parse(line)).toMatchObject({ level: 40, status: 401, vendor: 'osmand' });
      expect(server.stdout()).not.toContain('dev_wrong-secret');
    });

    it('accepts a per-device secret only for its own device, and nothing once it is revoked', async () => {
      const created = expectStatus(
        await admin.post(`/api/v1/sources/${sourceId}/secrets`, { name: 'phone A', externalId: 'phone-a' }),
        201,
      );
      const send = (id: string, t: number) =>
        fetch(`${portUrl}/?id=${id}&lat=1&lon=1&timestamp=${t}&token=${created.secret}`);
      expect((await send('phone-a', 1700000000)).status).toBe(200);
      expect((await send('phone-b', 1700000000)).status).toBe(401);
      expect(await deviceByExternalId(admin, 'osmand', 'phone-b')).toBeUndefined();
      const list = expectStatus(await admin.get(`/api/v1/sources/${sourceId}/secrets`), 200);
      expect(list.items.find((s: Json) => s.id === created.id)).toMatchObject({
        externalId: 'phone-a',
        revokedAt: null,
      });
      expect(JSON.stringify(list)).not.toContain(created.secret);
      expect((await admin.delete(`/api/v1/sources/${sourceId}/secrets/${created.id}`)).status).toBe(204);
      expect((await send('phone-a', 1700000100)).status).toBe(401);
      expect(await positionsOf('phone-a')).toHaveLength(1);
    });

    it("puts devices in the source's group and refuses unknown devices when the source rejects them", async () => {
      const strict = await pushSourceWithSecret(admin, 'osmand', {
        unknownDevices: 'reject',
        name: 'strict',
      });
      const res = await fetch(`${portUrl}/?id=stranger&lat=1&lon=1&token=${strict.secret}`);
      expect(res.status).toBe(403);
      expect(((await res.json()) as Json).error.code).toBe('UNKNOWN_DEVICE');
      // A device the hub knows is accepted under the strict source too.
      expect((await fetch(`${portUrl}/?id=902064&lat=1&lon=1&token=${strict.secret}`)).status).toBe(200);
    });

    it('takes requests without a secret only under a source that allows unauthenticated senders', async () => {
      const open = expectStatus(
        await admin.post('/api/v1/sources', {
          vendor: 'osmand',
          kind: 'push',
          name: 'open',
          settings: { allowUnauthenticated: true },
        }),
        201,
      );
      expect((await fetch(`${portUrl}/?id=open-1&lat=1&lon=1&timestamp=1700000000`)).status).toBe(200);
      const device = await deviceByExternalId(admin, 'osmand', 'open-1');
      expect(device).toBeDefined();
      expect((await admin.patch(`/api/v1/sources/${open.id}`, { enabled: false })).status).toBe(200);
      expect((await fetch(`${portUrl}/?id=open-1&lat=2&lon=2&timestamp=1700000000`)).status).toBe(401);
    });
  });
});
