import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { basic, deviceByExternalId, pushSourceWithSecret } from './support/receivers.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';
import { readJson, samples } from './support/shared-data.ts';

const owntracksSamples = samples('owntracks');
const BROKER = 'mqtt://127.0.0.1:1883';

async function positionsOf(admin: Api, externalId: string): Promise<Json[]> {
  const device = await deviceByExternalId(admin, 'owntracks', externalId);
  return device ? admin.all(`/api/v1/devices/${device.id}/positions`) : [];
}

/** Polls until `probe` returns a truthy value, for at most `ms`; returns the last value. */
async function eventually<T>(probe: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('OwnTracks over HTTP', () => {
  let server: RunningServer;
  let admin: Api;
  let secret: string;
  const post = (body: string, headers: Record<string, string> = {}, path = '/ingest/owntracks') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('alice', secret), ...headers },
      body,
    });

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    ({ secret } = await pushSourceWithSecret(admin, 'owntracks'));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  describe.skipIf(!owntracksSamples.present)("the location bodies of Traccar's decoder test", () => {
    it('stores each one and answers [] with 200', async () => {
      const { items } = readJson<{ items: { body: string }[] }>(
        join(owntracksSamples.dir, 'traccar__owntracks-http-bodies.json'),
      );
      for (const item of items) {
        const res = await post(item.body);
        expect(res.status, await res.clone().text()).toBe(200);
        expect(await res.json()).toEqual([]);
      }
      // Without X-Limit headers the identity comes from the body's topic, else the Basic user and the tid.
      const first = (await positionsOf(admin, 'alice/5t'))[0];
      expect(first).toMatchObject({
        fixTime: '2019-03-06T12:21:18.000Z',
        lat: 46.0681247,
        lon: 11.1512805,
        accuracy: 15,
        altitude: 440,
        speed: 0,
        attributes: { batteryLevel: 46, conn: 'w', t: 'u', tid: '5t', vac: 2 },
      });
      const jj = await positionsOf(admin, 'alice/JJ');
      expect(jj.map((p) => p.fixTime)).toEqual(['2017-06-13T10:21:56.000Z', '2017-06-14T21:40:56.000Z']);
      // The third body repeats the second's fix (same tst, lat, lon) with more fields: they complete it.
      expect(jj[0]).toMatchObject({ lat: 48.85833, lon: 2.29513, speed: 61, course: 271 });
      expect(await positionsOf(admin, 'ckrey/22A67880-15C3-41A6-9157-25545C7993AC')).toHaveLength(1);
      const qtripp = (await positionsOf(admin, 'qtripp/865284041968706'))[0];
      expect(qtripp).toMatchObject({ course: 113, attributes: { mcc: 232, lac: '4F4D', don: 105 } });
    });
  });

  describe.skipIf(!owntracksSamples.present)(
    "a fix sent sparse, then complete (Traccar's bodies 2 and 3)",
    () => {
      it('completes the stored position with the fields of the copy and shows it to sync again', async () => {
        const { items } = readJson<{ items: { body: string }[] }>(
          join(owntracksSamples.dir, 'traccar__owntracks-http-bodies.json'),
        );
        const [sparse, complete] = [items[1]!.body, items[2]!.body];
        const phone = { 'x-limit-u': 'merge', 'x-limit-d': 'phone' };
        const first = await post(sparse, phone);
        expect(first.status, await first.clone().text()).toBe(200);
        const [stored] = await positionsOf(admin, 'merge/phone');
        expect(stored).toMatchObject({ speed: null, course: null, altitude: null, accuracy: null });
        const { next } = await admin.syncAll();

        const second = await post(complete, phone);
        expect(second.status).toBe(200);
        expect(await second.json()).toEqual([]);
        const merged = {
          id: stored!.id,
          fixTime: '2017-06-13T10:21:56.000Z',
          lat: 48.85833,
          lon: 2.29513,
          course: 271,
          speed: 61,
          altitude: 167,
          accuracy: 5,
          attributes: { tid: 'JJ', batteryLevel: 67, t: 'u', vac: 21 },
        };
        expect(await positionsOf(admin, 'merge/phone')).toMatchObject([merged]);
        // A sync consumer past the first copy reads the position again, with what it gained.
        const { records } = await admin.syncAll(next);
        expect(records.filter((r: Json) => r.position?.deviceId === stored!.deviceId)).toMatchObject([
          { kind: 'position', position: merged },
        ]);
        // Sent again, the complete copy adds nothing: it stays as it is.
        expect((await post(complete, phone)).status).toBe(200);
        expect(await positionsOf(admin, 'merge/phone')).toMatchObject([merged]);
      });
    },
  );

  it('names the device by X-Limit-U and X-Limit-D, or by ?u=&d=', async () => {
    const body = JSON.stringify({
      _type: 'location',
      lat: 1,
      lon: 2,
      tst: 1700000000,
      tid: 'ab',
      vel: 61,
      cog: 271,
      bs: 2,
    });
    expect((await post(body, { 'x-limit-u': 'bob', 'x-limit-d': 'pixel' })).status).toBe(200);
    expect((await post(body, {}, '/ingest/owntracks?u=carol&d=iphone')).status).toBe(200);
    expect(await positionsOf(admin, 'bob/pixel')).toMatchObject([
      { lat: 1, lon: 2, speed: 61, course: 271, attributes: { charge: true, tid: 'ab' } },
    ]);
    expect(await positionsOf(admin, 'carol/iphone')).toHaveLength(1);
    // Phones share tracker ids (two initials): the name is the user/device identity, not the tid.
    expect((await deviceByExternalId(admin, 'owntracks', 'bob/pixel'))!.name).toBe('bob/pixel');
    expect((await deviceByExternalId(admin, 'owntracks', 'carol/iphone'))!.name).toBe('carol/iphone');
  });

  it('keeps a transition as a position and a place event', async () => {
    const body = JSON.stringify({
      _type: 'transition',
      event: 'enter',
      desc: 'Home',
      rid: 'r1',
      lat: 48.1,
      lon: 11.5,
      tst: 1700000100,
      wtst: 1690000000,
      acc: 12,
      t: 'c',
      tid: 'ab',
    });
    expect((await post(body, { 'x-limit-u': 'bob', 'x-limit-d': 'pixel' })).status).toBe(200);
    const device = await deviceByExternalId(admin, 'owntracks', 'bob/pixel');
    const events = await admin.all(`/api/v1/events?deviceId=${device.id}&type=place-enter`);
    expect(events).toMatchObject([
      { type: 'place-enter', key: 'r1', time: '2023-11-14T22:15:00.000Z', attributes: { region: 'Home' } },
    ]);
  });

  it('accepts the other message types and empty bodies without storing anything', async () => {
    const h = { 'x-limit-u': 'bob', 'x-limit-d': 'quiet' };
    for (const type of ['waypoint', 'waypoints', 'lwt', 'card', 'cmd', 'status']) {
      const res = await post(JSON.stringify({ _type: type, tst: 1700000000 }), h);
      expect(res.status, type).toBe(200);
      expect(await res.json()).toEqual([]);
    }
    expect((await post('', h)).status).toBe(200);
    expect(await deviceByExternalId(admin, 'owntracks', 'bob/quiet')).toBeUndefined();
  });

  it('refuses bad input with 400 and a reason, and a wrong password with 401', async () => {
    const h = { 'x-limit-u': 'bob', 'x-limit-d': 'bad' };
    const noTime = await post(JSON.stringify({ _type: 'location', lat: 1, lon: 2 }), h);
    expect(noTime.status).toBe(400);
    expect(((await noTime.json()) as Json).error.message).toMatch(/tst/);
    expect((await post('{"_type":', h)).status).toBe(400);
    const encrypted = await post(JSON.stringify({ _type: 'encrypted', data: 'abc' }), h);
    expect(((await encrypted.json()) as Json).error.message).toMatch(/encryption/);
    const body = JSON.stringify({ _type: 'location', lat: 1, lon: 2, tst: 1700000000 });
    const wrong = await post(body, { ...h, authorization: basic('bob', 'guess') });
    expect(wrong.status).toBe(401);
    expect(await deviceByExternalId(admin, 'owntracks', 'bob/bad')).toBeUndefined();
  });
});

describe('OwnTracks over MQTT', () => {
  const prefix = `tw-${randomBytes(6).toString('hex')}`;
  let dataDir: string;
  let server: RunningServer | null = null;
  let admin: Api;
  let env: Record<string, string>;
  let publisher: mqtt.MqttClient;
  let sourceId: number;
  /** A user name of this run: the broker session is shared by runs, and may hold a message of an earlier one. */
  const own = (name: string) => `${name}-${prefix}`;

  const publish = (topic: string, body: unknown) =>
    publisher.publishAsync(`${prefix}/${topic}`, JSON.stringify(body), { qos: 1 });

  beforeAll(async () => {
    dataDir = await makeTempDir();
    const first = await startServer({ dataDir });
    const source = expectStatus(
      await new Api(first.url, ADMIN_TOKEN).post('/api/v1/sources', {
        vendor: 'owntracks',
        kind: 'push',
        name: 'broker',
      }),
      201,
    );
    await first.stop();
    sourceId = source.id;
    env = {
      TRACKWAY_OWNTRACKS_MQTT_URL: BROKER,
      TRACKWAY_OWNTRACKS_MQTT_SOURCE: String(source.id),
      TRACKWAY_OWNTRACKS_MQTT_TOPIC: `${prefix}/+/+,${prefix}/+/+/event`,
    };
    server = await startServer({ dataDir, env });
    admin = new Api(server.url, ADMIN_TOKEN);
    publisher = await mqtt.connectAsync(BROKER, { clientId: `${prefix}-pub` });
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await server?.stop();
    await removeTempDir(dataDir);
  });

  it('stores locations published under owntracks/user/device, and transitions under its /event', async () => {
    await publish('dana/phone', {
      _type: 'location',
      lat: 45.1,
      lon: 7.6,
      tst: 1700000000,
      vel: 12,
      tid: 'dp',
    });
    await publish('dana/phone/event', {
      _type: 'transition',
      event: 'leave',
      desc: 'Office',
      lat: 45.2,
      lon: 7.7,
      tst: 1700000300,
      tid: 'dp',
    });
    await publish('dana/phone', { _type: 'lwt', tst: 1700000400 });
    const positions = await eventually(async () => {
      const p = await positionsOf(admin, 'dana/phone');
      return p.length === 2 ? p : null;
    });
    expect(positions).toMatchObject([
      { lat: 45.1, lon: 7.6, speed: 12, fixTime: '2023-11-14T22:13:20.000Z' },
      { lat: 45.2, lon: 7.7 },
    ]);
    const events = await admin.all(`/api/v1/events?deviceId=${positions![0].deviceId}&type=place-exit`);
    expect(events).toMatchObject([{ type: 'place-exit', key: 'Office' }]);
  });

  it('keeps going after an unreadable message', async () => {
    await publisher.publishAsync(`${prefix}/erin/phone`, 'not json', { qos: 1 });
    await publish('erin/phone', { _type: 'location', lat: 1, lon: 1, tst: 1700000000 });
    expect(await eventually(async () => (await positionsOf(admin, 'erin/phone')).length)).toBe(1);
  });

  it('stops taking messages when the source is disabled, and takes what waited once it is enabled', async () => {
    const paused = () => server!.stdout().split('not taking OwnTracks messages').length - 1;
    const before = paused();
    expectStatus(await admin.patch(`/api/v1/sources/${sourceId}`, { enabled: false }), 200);
    await publish(`${own('gina')}/phone`, { _type: 'location', lat: 4, lon: 5, tst: 1700000000 });
    // The subscriber logs the pause after it refused the message: nothing of it may be stored by then.
    expect(await eventually(async () => paused() > before)).toBe(true);
    expect(await positionsOf(admin, `${own('gina')}/phone`)).toEqual([]);
    await publish(`${own('gina')}/phone`, { _type: 'location', lat: 4.1, lon: 5, tst: 1700000060 });
    expectStatus(await admin.patch(`/api/v1/sources/${sourceId}`, { enabled: true }), 200);
    const stored = await eventually(async () => {
      const p = await positionsOf(admin, `${own('gina')}/phone`);
      return p.length === 2 ? p : null;
    });
    expect(stored!.map((p: Json) => p.lat)).toEqual([4, 4.1]);
  });

  it('starts without connecting when its source is disabled, and connects when it is enabled', async () => {
    expectStatus(await admin.patch(`/api/v1/sources/${sourceId}`, { enabled: false }), 200);
    await server!.stop();
    await publish(`${own('hana')}/phone`, { _type: 'location', lat: 6, lon: 7, tst: 1700000000 });
    server = await startServer({ dataDir, env });
    admin = new Api(server.url, ADMIN_TOKEN);
    expect(await eventually(async () => server!.stdout().includes('not taking OwnTracks messages'))).toBe(
      true,
    );
    expect(await positionsOf(admin, `${own('hana')}/phone`)).toEqual([]);
    // A paused subscriber stops with the hub, cleanly.
    expect(await server!.stop()).toMatchObject({ code: 0 });
    server = await startServer({ dataDir, env });
    admin = new Api(server.url, ADMIN_TOKEN);
    expectStatus(await admin.patch(`/api/v1/sources/${sourceId}`, { enabled: true }), 200);
    expect(await eventually(async () => (await positionsOf(admin, `${own('hana')}/phone`)).length)).toBe(1);
  });

  it('receives what was published while the hub was stopped, from its persistent session', async () => {
    await server!.stop();
    await publish('fred/phone', { _type: 'location', lat: 2, lon: 3, tst: 1700000000 });
    server = await startServer({ dataDir, env });
    admin = new Api(server.url, ADMIN_TOKEN);
    expect(await eventually(async () => (await positionsOf(admin, 'fred/phone')).length)).toBe(1);
  });
});
