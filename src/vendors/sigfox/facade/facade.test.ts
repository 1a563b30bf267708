import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../auth/secrets.ts';
import { DeliveryWorker } from '../../../callbacks/worker.ts';
import { sigfoxMount } from '../mount.ts';
import { checkKeepAlive } from '../status/keep-alive.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let t: Awaited<ReturnType<typeof startTestHub>>;
let src: Awaited<ReturnType<typeof sigfoxSource>>;
let basic: string;
let typeId: number;
let user: Server;
let userUrl: string;
let answers: number[];

beforeEach(async () => {
  t = await startTestHub(sigfoxMount);
  src = await sigfoxSource(t.storage);
  const type = await t.storage.createDeviceType({ groupId: src.group.id, name: 'trackers', keepAlive: 30 });
  typeId = type.id;
  await t.storage.updateSource(src.source.id, { settings: { deviceTypeId: typeId } });
  await t.storage.createCredential({
    groupId: src.group.id,
    role: 'manager',
    kind: 'token',
    name: 'admin',
    prefix: 'tw_test',
    secretHash: hashSecret('tw_test-token'),
  });
  const res = await fetch(`${t.url}/compat/sigfox/credentials`, {
    method: 'POST',
    headers: { authorization: 'Bearer tw_test-token', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(201);
  const { login, password } = (await res.json()) as { login: string; password: string };
  basic = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  answers = [];
  user = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => user.listen(0, '127.0.0.1', r));
  userUrl = `http://127.0.0.1:${(user.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => user.close(r));
  await t.stop();
});

const api = async (path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}) => {
  const headers: Record<string, string> = {};
  if (init.auth !== null) headers.authorization = init.auth ?? basic;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}/compat/sigfox/api${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
};
const uplink = (body: Record<string, unknown>) =>
  fetch(`${t.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      device: '2C30EA',
      snr: 12.5,
      rssi: -120,
      station: '1D44',
      lat: 1,
      lng: 104,
      ...body,
    }),
  });
const now = Math.floor(Date.now() / 1000);

describe('Sigfox API v1 facade', () => {
  it('asks for HTTP Basic and refuses other or regenerated credentials', async () => {
    expect((await api('/devicetypes', { auth: null })).status).toBe(401);
    const wrong = await api('/devicetypes', { auth: `Basic ${Buffer.from('a:b').toString('base64')}` });
    expect(wrong).toEqual({
      status: 401,
      body: { message: 'the credentials are unknown or were regenerated' },
    });
    expect((await api('/devicetypes')).status).toBe(200);
    await fetch(`${t.url}/compat/sigfox/credentials`, {
      method: 'POST',
      headers: { authorization: 'Bearer tw_test-token', 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await api('/devicetypes')).status).toBe(401);
  });

  it('lists, shows and edits device types, refusing invalid fields with the field named', async () => {
    const list = await api('/devicetypes');
    expect(list.body.data).toEqual([
      {
        id: String(typeId),
        name: 'trackers',
        group: String(src.group.id),
        description: '',
        keepAlive: 30,
        payloadType: 'None',
        downlinkMode: 0,
      },
    ]);
    const edit = (body: object) =>
      api('/devicetypes/edit', { method: 'POST', body: { id: String(typeId), ...body } });
    expect(
      (
        await edit({
          payloadType: 'Custom',
          payloadConfig: 'temp::int:16 n::uint:8',
          downlinkMode: 0,
          downlinkDataString: 'DEADBEEFCAFEBABE',
        })
      ).status,
    ).toBe(200);
    const info = await api(`/devicetypes/${typeId}`);
    expect(info.body).toMatchObject({
      payloadType: 'Custom',
      payloadConfig: 'temp::int:16 n::uint:8',
      downlinkDataString: 'deadbeefcafebabe',
    });
    const bad = await edit({ payloadConfig: 'temp::int:12' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('payloadConfig: field 1 "temp::int:12"');
    expect((await edit({ keepAlive: 10 })).body.message).toBe(
      'keepAlive: must be 0 (off) or at least 30 minutes',
    );
    expect((await edit({ downlinkDataString: 'abc' })).status).toBe(400);
    expect((await api('/devicetypes/999')).status).toBe(404);
    const foreign = await t.storage.createDeviceType({ groupId: src.root.id, name: 'root type' });
    expect((await api(`/devicetypes/${foreign.id}`)).status).toBe(403);
  });

  it('creates, lists, enables, selects for downlink and deletes callbacks', async () => {
    const created = await api(`/devicetypes/${typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        {
          channel: 'URL',
          callbackType: 0,
          callbackSubtype: 3,
          url: `${userUrl}/bidir`,
          httpMethod: 'POST',
          enabled: true,
        },
        {
          channel: 'BATCH_URL',
          callbackType: 0,
          callbackSubtype: 2,
          url: `${userUrl}/batch`,
          linePattern: '{device};{data};',
        },
        {
          channel: 'EMAIL',
          callbackType: 2,
          subject: '{device}',
          recipient: 'ops@example.test',
          message: '{info}',
        },
      ],
    });
    expect(created.status).toBe(200);
    const [bidir, batch, email] = created.body as string[];
    expect((await api(`/devicetypes/${typeId}/callbacks/${bidir}/downlink`, { method: 'POST' })).status).toBe(
      200,
    );
    expect((await api(`/devicetypes/${typeId}/callbacks/${batch}/downlink`, { method: 'POST' })).status).toBe(
      400,
    );
    expect(
      (await api(`/devicetypes/${typeId}/callbacks/${batch}/enable?enabled=false`, { method: 'POST' }))
        .status,
    ).toBe(200);
    const listed = await api(`/devicetypes/${typeId}/callbacks`);
    expect(listed.body.data).toMatchObject([
      { id: bidir, channel: 'URL', callbackType: 0, callbackSubtype: 3, downlinkHook: true, dead: false },
      {
        id: batch,
        channel: 'BATCH_URL',
        enabled: false,
        linePattern: '{device};{data};',
        httpMethod: 'POST',
      },
    ]);
    expect(listed.body.error).toMatchObject([{ id: email, channel: 'EMAIL', recipient: 'ops@example.test' }]);
    expect((await api(`/devicetypes/${typeId}/callbacks`, { method: 'POST' })).body).toEqual(listed.body);
    expect((await api(`/devicetypes/${typeId}/callbacks/${email}/delete`, { method: 'POST' })).status).toBe(
      200,
    );
    expect((await api(`/devicetypes/${typeId}/callbacks/${email}/delete`, { method: 'POST' })).status).toBe(
      404,
    );
    const invalid = await api(`/devicetypes/${typeId}/callbacks/new`, {
      method: 'POST',
      body: [{ channel: 'URL', callbackType: 1, callbackSubtype: 3, url: 'http://a.test' }],
    });
    expect(invalid).toEqual({
      status: 400,
      body: { message: 'callback 0: callbackSubtype: 3 is not valid for callbackType 1' },
    });
  });

  it('pages device messages newest first with seconds and string fields, as real clients read them', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await uplink({ time: now - 100 + i, seqNumber: 10 + i, data: `0${i}` })).status).toBe(204);
    }
    const first = await api('/devices/2c30ea/messages?limit=2');
    expect(first.body.data).toEqual([
      {
        device: '2C30EA',
        time: now - 98,
        data: '02',
        snr: '12.50',
        seqNumber: 12,
        rinfos: [{ tap: '1D44', snr: '12.50', rssi: '-120.00', lat: '1.0', lng: '104.0' }],
      },
      expect.objectContaining({ time: now - 99, data: '01' }),
    ]);
    const next = new URL(first.body.paging.next);
    expect(next.origin).toBe(t.url);
    expect(next.searchParams.get('offset')).toBe('2');
    const second = await api(`${next.pathname.replace('/compat/sigfox/api', '')}${next.search}`);
    expect(second.body.data.map((m: Json) => m.data)).toEqual(['00']);
    expect(second.body.paging).toEqual({});
    expect(
      (await api(`/devices/2C30EA/messages?before=${now - 99}`)).body.data.map((m: Json) => m.data),
    ).toEqual(['00']);
    expect(
      (await api(`/devicetypes/${typeId}/messages?since=${now - 99}`)).body.data.map((m: Json) => m.data),
    ).toEqual(['02', '01']);
    expect((await api('/devices/2C30EA/messages?offset=5001')).status).toBe(400);
    expect((await api('/devices/FFFF/messages')).status).toBe(404);
  });

  it.skipIf(samplesMissing)(
    'answers with the fields the Home Assistant client reads from the v1 response',
    async () => {
      const sample = readSample<{ data: Record<string, unknown>[] }>(
        'ha__api-v1-devices-messages-response.json',
      );
      await uplink({ time: 1521879720, seqNumber: 1, data: '7061796c6f6164', lat: 0, lng: 0, snr: 50 });
      const ours = (await api('/devices/2C30EA/messages')).body.data[0];
      const theirs = sample.data[0]!;
      for (const key of Object.keys(theirs)) expect(typeof ours[key]).toBe(typeof theirs[key]);
      expect({ time: ours.time, data: ours.data, snr: ours.snr }).toEqual({
        time: 1521879720,
        data: '7061796c6f6164',
        snr: '50.00',
      });
      expect(typeof ours.rinfos[0].lat).toBe(typeof (theirs.rinfos as Json)[0].lat);
    },
  );

  it('shows devices with averages, state, metrics, consumptions, token and network state', async () => {
    await uplink({ time: now - 60, seqNumber: 1, data: '01', snr: 8 });
    await uplink({ time: now - 30, seqNumber: 2, data: '02', snr: 11, rssi: -110, ack: true });
    const info = await api('/devices/2C30EA');
    expect(info.body).toMatchObject({
      id: '2C30EA',
      type: String(typeId),
      averageSnr: 9.5,
      averageSignal: 9.5,
      averageRssi: -115,
      state: 0,
    });
    expect(info.body.last).toBeGreaterThan(0);
    expect((await api(`/devicetypes/${typeId}/devices?snr=1`)).body.data.map((d: Json) => d.id)).toEqual([
      '2C30EA',
    ]);
    expect((await api(`/devicetypes/${typeId}/devices?snr=3`)).body.data).toEqual([]);
    expect((await api(`/devicetypes/${typeId}/devices?snr=9`)).status).toBe(400);
    expect((await api('/devices/2C30EA/messages/metric')).body).toEqual({
      lastDay: 2,
      lastWeek: 2,
      lastMonth: 2,
    });
    const year = new Date().getUTCFullYear();
    const cons = (await api(`/device/2C30EA/consumptions/${year}`)).body.consumption;
    expect(cons.id).toBe(`2C30EA_${year}`);
    const start = Date.UTC(year, 0, 1);
    const day = Math.floor(((now - 30) * 1000 - start) / 86_400_000);
    expect(cons.consumptions[day].frameCount).toBeGreaterThanOrEqual(1);
    expect(cons.consumptions.reduce((a: number, c: Json) => a + c.frameCount, 0)).toBe(2);
    expect((await api('/devices/2C30EA/token-state')).body).toEqual({
      code: 2,
      detailMessage: 'Not communicated',
    });
    expect((await api('/devices/2C30EA/networkstate')).body).toEqual({ networkStatus: 'OK' });
  });

  it('flags a replayed sequence number until the device type is disengaged', async () => {
    await uplink({ time: now - 60, seqNumber: 100, data: '01' });
    await uplink({ time: now - 50, seqNumber: 90, data: '02' });
    expect((await api(`/devicetypes/${typeId}/disengage`)).status).toBe(200);
    await uplink({ time: now - 40, seqNumber: 5, data: '03' });
    await uplink({ time: now - 30, seqNumber: 6, data: '04' });
    const device = (await t.storage.listDevices({ scope: '/', limit: 10 })).items[0]!;
    const messages = (await t.storage.listMessages({ deviceId: device.id, limit: 10, order: 'asc' })).items;
    expect(messages.map((m) => [m.payload, m.attributes.replay ?? false])).toEqual([
      ['01', false],
      ['02', true],
      ['03', false],
      ['04', false],
    ]);
  });

  it('raises the keepAlive ERROR status, fires ERROR callbacks, and the next message brings the device back', async () => {
    await api(`/devicetypes/${typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        { channel: 'URL', callbackType: 2, url: `${userUrl}/down?id={device}&t={time}`, httpMethod: 'GET' },
      ],
    });
    await uplink({ time: now - 60, seqNumber: 1, data: '01' });
    expect(await checkKeepAlive(t.storage, t.hub.pipeline, Date.now() + 29 * 60_000)).toBe(0);
    expect(await checkKeepAlive(t.storage, t.hub.pipeline, Date.now() + 31 * 60_000)).toBe(1);
    expect(await checkKeepAlive(t.storage, t.hub.pipeline, Date.now() + 32 * 60_000)).toBe(0);
    expect((await api('/devices/2C30EA')).body.state).toBe(1);
    // The ERROR callback was queued at the check's time.
    const worker = new DeliveryWorker({ storage: t.storage, now: () => Date.now() + 32 * 60_000 });
    await worker.runOnce();
    await worker.stop();
    const [event] = (await api('/devices/2C30EA/status/error')).body.data;
    expect(event).toMatchObject({ deviceId: '2C30EA', severity: 'ERROR', deviceTypeId: String(typeId) });
    expect(event.message).toMatch(/^No message received since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(event.callbacks).toEqual([
      { url: expect.stringMatching(/\/down\?id=2C30EA&t=\d+$/), status: 200 },
    ]);
    expect((await api(`/devicetypes/${typeId}/status/error`)).body.data).toHaveLength(1);
    expect((await api(`/devicetypes/${typeId}/status/warn`)).body.data).toEqual([]);
    await uplink({ time: now, seqNumber: 2, data: '02' });
    expect((await api('/devices/2C30EA')).body.state).toBe(0);
  });

  it('lists failed callbacks the way the document shows them', async () => {
    await api(`/devicetypes/${typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        {
          channel: 'URL',
          callbackType: 0,
          callbackSubtype: 2,
          url: `${userUrl}/cb?d={data}`,
          httpMethod: 'POST',
          bodyTemplate: 'device={device}',
          headers: { k: '{station}' },
        },
      ],
    });
    await uplink({ time: 1381766225, seqNumber: 1, data: '3b3616201e100000' });
    answers = [404];
    const worker = new DeliveryWorker({ storage: t.storage });
    await worker.runOnce();
    await worker.stop();
    const failed = await api(`/callbacks/messages/error?since=0&deviceTypeId=${typeId}`);
    expect(failed.body.data).toEqual([
      {
        device: '2C30EA',
        deviceType: String(typeId),
        time: 1381766225000,
        data: '3b3616201e100000',
        snr: 12.5,
        status: 404,
        message: 'Not Found',
        callback: {
          url: `${userUrl}/cb?d=3b3616201e100000`,
          headers: { k: '1D44' },
          method: 'POST',
          body: 'device=2C30EA',
          contentType: 'application/x-www-form-urlencoded',
        },
        parameters: expect.objectContaining({
          device: '2C30EA',
          time: 1381766225,
          station: '1D44',
          snr: '12.50',
        }),
      },
    ]);
    expect((await api(`/devicetypes/${typeId}/callbacks`)).body.data[0].dead).toBe(true);
    expect((await api('/callbacks/messages/error?since=0&hexId=2C30EA')).body.data).toHaveLength(1);
  });

  it('estimates coverage redundancy from the stations seen near a point', async () => {
    for (const [seq, station, lat] of [
      [1, 'A1', 43.6],
      [2, 'B2', 43.61],
      [3, 'C3', 48.85],
    ] as const) {
      await uplink({ time: now - 100 + seq, seqNumber: seq, data: '01', station });
      await uplink({
        time: now - 100 + seq,
        seqNumber: seq,
        computedLocation: { lat, lng: 1.44, radius: 500, source: 1, status: 1 },
      });
    }
    expect((await api('/coverages/redundancy?lat=43.6&lng=1.44')).body).toEqual({ redundancy: 2 });
    expect((await api('/coverages/redundancy?lat=0&lng=0&mode=OUTDOOR')).body).toEqual({ redundancy: 0 });
    expect((await api('/coverages/redundancy?lat=95&lng=0')).status).toBe(400);
  });

  it('lists sub-groups and answers the remaining endpoints in the document shape', async () => {
    const child = await t.storage.createGroup({ parentId: src.group.id, name: 'Child' });
    expect((await api('/groups')).body.data).toEqual([
      {
        id: String(child.id),
        name: 'Child',
        nameCI: 'child',
        description: '',
        path: [String(src.root.id), String(src.group.id)],
        billable: false,
      },
    ]);
    expect((await api(`/groups/${src.root.id}`)).status).toBe(403);
    expect((await api('/devicetypes/geolocs-config')).body).toEqual([]);
    expect((await api(`/users?groupId=${src.group.id}`)).body).toEqual({ data: [] });
    await uplink({ time: now, seqNumber: 1, data: '01' });
    expect((await api(`/devicetypes/${typeId}/id-pac`)).body).toEqual({ data: [{ id: '2C30EA' }] });
    await uplink({
      time: now,
      seqNumber: 1,
      computedLocation: { lat: 1.3, lng: 103.8, radius: 900, source: 1, status: 1 },
    });
    expect((await api('/devices/2C30EA/locations')).body.data).toEqual([
      { time: now, valid: true, lat: 1.3, lng: 103.8, radius: 900 },
    ]);
  });
});
