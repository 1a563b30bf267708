import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../../callbacks/worker.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import { CallbackDefinitionError, fromDefinition, presentCallback } from './definition.ts';

type Started = Awaited<ReturnType<typeof startTestHub>>;
let t: Started;
let src: Awaited<ReturnType<typeof sigfoxSource>>;
let user: Server;
let userUrl: string;
let received: { url: string; headers: Record<string, unknown>; body: string }[];

beforeEach(async () => {
  t = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
  src = await sigfoxSource(t.storage);
  received = [];
  user = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/dl/good'))
        res.end(JSON.stringify({ '1A2B': { downlinkData: 'A1B2C3D4E5F60718' } }));
      else if (req.url!.startsWith('/dl/none')) res.end(JSON.stringify({ '1A2B': { noData: true } }));
      else res.end('ok');
    });
  });
  await new Promise<void>((r) => user.listen(0, '127.0.0.1', r));
  userUrl = `http://127.0.0.1:${(user.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => user.close(r));
  await t.stop();
});

const target = () => ({ groupId: src.group.id, deviceTypeId: 1 });

describe('Sigfox callback definitions', () => {
  it('reads the document example and lists it back in the document shape', () => {
    const def = fromDefinition(
      {
        channel: 'URL',
        callbackType: 0,
        callbackSubtype: 2,
        url: 'http://myserver.com/sigfox/callback',
        httpMethod: 'POST',
        enabled: true,
        sendDuplicate: false,
        sendSni: false,
        payloadConfig: 'var1::bool:1',
        bodyTemplate: 'device : {device} / {customData#var1}',
        headers: { time: '{time}' },
        contentType: 'text/plain',
      },
      target(),
    );
    expect(def).toMatchObject({ channel: 'url', kind: 'data', subtype: 'uplink', enabled: true });
    const listed = presentCallback({
      ...def,
      id: 7,
      dead: false,
      createdAt: 0,
      deviceTypeId: 1,
      subtype: 'uplink',
    } as never);
    expect(listed).toEqual({
      id: '7',
      channel: 'URL',
      callbackType: 0,
      callbackSubtype: 2,
      enabled: true,
      sendDuplicate: false,
      dead: false,
      downlinkHook: false,
      payloadConfig: 'var1::bool:1',
      urlPattern: 'http://myserver.com/sigfox/callback',
      httpMethod: 'POST',
      headers: { time: '{time}' },
      bodyTemplate: 'device : {device} / {customData#var1}',
      contentType: 'text/plain',
    });
  });

  it.each([
    [{ channel: 'FTP' }, 'channel: must be URL, BATCH_URL or EMAIL'],
    [
      { channel: 'URL', callbackType: 1, callbackSubtype: 2, url: 'http://a.b' },
      'callbackSubtype: 2 is not valid for callbackType 1',
    ],
    [{ channel: 'URL', callbackType: 5 }, 'callbackType: must be 0 (DATA), 1 (SERVICE) or 2 (ERROR)'],
    [
      { channel: 'BATCH_URL', callbackType: 0, callbackSubtype: 2, url: 'http://a.b' },
      'linePattern: required',
    ],
    [
      { channel: 'EMAIL', callbackType: 2, subject: 's', recipient: 'nope', message: 'm' },
      'recipient: not a valid email',
    ],
    [
      { channel: 'URL', callbackType: 0, callbackSubtype: 2, url: 'http://a.b/{devise}' },
      'url: unknown variable {devise}',
    ],
    [
      { channel: 'URL', callbackType: 0, callbackSubtype: 3, url: 'http://a.b', httpMethod: 'DELETE' },
      'httpMethod: must be GET, POST or PUT',
    ],
    [
      { channel: 'URL', callbackType: 0, callbackSubtype: 2, url: 'http://a.b', payloadConfig: 'x::uint:12' },
      'payloadConfig: field 1',
    ],
  ])('refuses %j', (def, message) => {
    expect(() => fromDefinition(def, target())).toThrow(CallbackDefinitionError);
    expect(() => fromDefinition(def, target())).toThrow(message);
  });
});

describe('Sigfox DATA callbacks out', () => {
  it('calls the user URL for each new uplink with predefined and custom variables', async () => {
    const type = await t.storage.createDeviceType({
      groupId: src.group.id,
      name: 'sensor',
      payloadType: 'custom',
      payloadConfig: 'temp::int:16 hum::uint:8',
    });
    await t.storage.updateSource(src.source.id, { settings: { deviceTypeId: type.id } });
    const def = (sub: number, extra: Record<string, unknown>) =>
      t.storage.createCallback(
        fromDefinition(
          {
            channel: 'URL',
            callbackType: 0,
            callbackSubtype: sub,
            url: `${userUrl}/cb?id={device}`,
            ...extra,
          },
          {
            groupId: src.group.id,
            deviceTypeId: type.id,
          },
        ),
      );
    await def(2, {
      httpMethod: 'POST',
      bodyTemplate:
        '{"device":"{device}","time":{time},"temp":{customData#temp},"snr":"{snr}","dup":{duplicate}}',
      contentType: 'application/json',
      headers: { 'x-station': '{station}' },
    });
    await def(3, { httpMethod: 'GET', url: `${userUrl}/bidir?d={data}` });
    await def(2, { httpMethod: 'GET', url: `${userUrl}/dups?d={data}`, sendDuplicate: true });
    const post = (body: object) =>
      fetch(`${t.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const uplink = {
      device: '1A2B',
      time: 1700000000,
      seqNumber: 1,
      data: 'ff3850',
      snr: '9.5',
      station: '0C1D',
    };
    expect((await post(uplink)).status).toBe(204);
    expect((await post(uplink)).status).toBe(204); // a repeat: no second callback
    expect((await post({ ...uplink, duplicate: true, station: '0C1E' })).status).toBe(204);
    expect((await post({ ...uplink, seqNumber: 2, data: '0001', ack: true })).status).toBe(204);
    const worker = new DeliveryWorker({ storage: t.storage });
    await worker.runOnce();
    await worker.stop();
    const byPath = (p: string) => received.filter((r) => r.url.startsWith(p));
    expect(byPath('/cb')).toHaveLength(1);
    expect(JSON.parse(byPath('/cb')[0]!.body)).toEqual({
      device: '1A2B',
      time: 1700000000,
      temp: -200,
      snr: '9.50',
      dup: false,
    });
    expect(byPath('/cb')[0]!.headers['x-station']).toBe('0C1D');
    expect(byPath('/dups').map((r) => r.url)).toEqual(['/dups?d=ff3850', '/dups?d=ff3850']);
    expect(byPath('/bidir').map((r) => r.url)).toEqual(['/bidir?d=0001']);
  });

  it('answers BIDIR messages with the downlink callback in callback mode, and records why when it cannot', async () => {
    const type = await t.storage.createDeviceType({
      groupId: src.group.id,
      name: 'bidir',
      downlinkMode: 'callback',
    });
    await t.storage.updateSource(src.source.id, { settings: { deviceTypeId: type.id } });
    const hook = await t.storage.createCallback({
      ...fromDefinition(
        {
          channel: 'URL',
          callbackType: 0,
          callbackSubtype: 3,
          url: `${userUrl}/dl/good?d={data}&s={seqNumber}`,
          httpMethod: 'GET',
        },
        { groupId: src.group.id, deviceTypeId: type.id },
      ),
    });
    await t.storage.updateCallback(hook.id, { config: { ...hook.config, downlinkHook: true } });
    const post = (body: object) =>
      fetch(`${t.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ device: '1A2B', time: 1700000000, station: '0C1D', ack: true, ...body }),
      });
    const res = await post({ seqNumber: 1, data: 'beef' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ '1A2B': { downlinkData: 'a1b2c3d4e5f60718' } });
    expect(received.map((r) => r.url)).toEqual(['/dl/good?d=beef&s=1']);
    await t.storage.updateCallback(hook.id, {
      config: { ...hook.config, downlinkHook: true, url: `${userUrl}/dl/none` },
    });
    expect((await post({ seqNumber: 2, data: 'beef' })).status).toBe(204);
    await t.storage.updateCallback(hook.id, {
      config: { ...hook.config, downlinkHook: true, url: `${userUrl}/garbage` },
    });
    expect((await post({ seqNumber: 3, data: 'beef' })).status).toBe(204);
    const ref = { vendor: 'sigfox', externalId: '1A2B' };
    const deviceId = [...(await t.storage.resolveDevices([ref], null)).values()][0]!.deviceId;
    const stored = (await t.storage.listMessages({ deviceId, limit: 10, order: 'asc' })).items;
    expect(stored.map((m) => m.attributes.downlinkData ?? m.attributes.downlinkError ?? null)).toEqual([
      'a1b2c3d4e5f60718',
      null,
      expect.stringContaining('the downlink callback failed'),
    ]);
    // The downlink callback is not called a second time by the delivery worker.
    const worker = new DeliveryWorker({ storage: t.storage });
    await worker.runOnce();
    await worker.stop();
    expect(received).toHaveLength(3);
  });
});
