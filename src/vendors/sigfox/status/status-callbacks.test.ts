import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../../callbacks/worker.ts';
import type { EventFields } from '../../../model/records.ts';
import { fromDefinition } from '../callbacks/definition.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';

let t: Awaited<ReturnType<typeof startTestHub>>;
let src: Awaited<ReturnType<typeof sigfoxSource>>;
let user: Server;
let userUrl: string;
let received: string[];
let typeId: number;

beforeEach(async () => {
  t = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
  src = await sigfoxSource(t.storage);
  received = [];
  user = createServer((req, res) => {
    received.push(req.url!);
    res.end('ok');
  });
  await new Promise<void>((r) => user.listen(0, '127.0.0.1', r));
  userUrl = `http://127.0.0.1:${(user.address() as AddressInfo).port}`;
  typeId = (await t.storage.createDeviceType({ groupId: src.group.id, name: 'meter', keepAlive: 30 })).id;
  await t.storage.updateSource(src.source.id, { settings: { deviceTypeId: typeId } });
  const add = (callbackType: number, callbackSubtype: number, url: string) =>
    t.storage.createCallback(
      fromDefinition(
        { channel: 'URL', callbackType, callbackSubtype, url: `${userUrl}${url}`, httpMethod: 'GET' },
        { groupId: src.group.id, deviceTypeId: typeId },
      ),
    );
  await add(1, 0, '/status?d={device}&t={time}&s={severity}&i={info}');
  await add(
    1,
    4,
    '/ack?d={device}&t={time}&a={downlinkAck}&c={infoCode}&m={infoMessage}&o={downlinkOverusage}',
  );
  await add(2, 0, '/error?d={device}&s={severity}');
  await add(0, 2, '/data?d={device}');
});
afterEach(async () => {
  await new Promise((r) => user.close(r));
  await t.stop();
});

const callback = (body: object) =>
  fetch(`${t.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function deliver() {
  const worker = new DeliveryWorker({ storage: t.storage });
  await worker.runOnce();
  await worker.stop();
  return received.map((u) => decodeURIComponent(u.replace(/\+/g, ' ')));
}

/** Commits a device's status event the way the hub's silence watcher does. */
async function commitEvent(deviceId: number, event: EventFields) {
  await t.hub.pipeline.ingest([{ device: { deviceId }, events: [event] }], {
    groupId: src.group.id,
    scopePath: src.group.path,
    sourceId: null,
    unknownDevices: 'reject',
    receivedTime: Date.now(),
  });
}

describe('Sigfox SERVICE callbacks', () => {
  it('fires STATUS when a device falls silent (with ERROR) and when it is heard again', async () => {
    expect((await callback({ device: '5A01', time: 1700000000, seqNumber: 1, data: '01' })).status).toBe(204);
    const device = (await t.storage.listDevices({ scope: '/', limit: 1 })).items[0]!;
    const silentAt = 1700000000_000 + 30 * 60_000;
    await commitEvent(device.id, {
      type: 'device-silent',
      time: silentAt,
      attributes: { lastSeen: new Date(1700000000_000).toISOString(), thresholdMinutes: 30 },
    });
    await commitEvent(device.id, { type: 'device-back', time: silentAt + 60_000, attributes: {} });
    const urls = await deliver();
    expect(urls.filter((u) => u.startsWith('/status')).sort()).toEqual([
      `/status?d=5A01&t=${silentAt / 1000}&s=ERROR&i=No message received since 2023-11-14 22:13:20`,
      `/status?d=5A01&t=${silentAt / 1000 + 60}&s=OK&i=Message received again at 2023-11-14 22:44:20`,
    ]);
    // ERROR callbacks only for the silence.
    expect(urls.filter((u) => u.startsWith('/error'))).toEqual(['/error?d=5A01&s=ERROR']);
  });

  it('fires STATUS for no device whose type has no keepAlive', async () => {
    await t.storage.updateDeviceType(typeId, { keepAlive: 0 });
    await callback({ device: '5A02', time: 1700000000, seqNumber: 1, data: '01' });
    const device = (await t.storage.listDevices({ scope: '/', limit: 1 })).items[0]!;
    await commitEvent(device.id, { type: 'device-silent', time: 1700003600_000, attributes: {} });
    expect((await deliver()).filter((u) => !u.startsWith('/data'))).toEqual([]);
  });

  it('fires ACKNOWLEDGE once for the network acknowledge of a downlink, not DATA', async () => {
    expect(
      (await callback({ device: '5A03', time: 1700000000, seqNumber: 9, data: '01', ack: true })).status,
    ).toBe(204);
    const ack = {
      device: '5A03',
      time: 1700000030,
      infoCode: 0,
      infoMessage: 'Acked',
      downlinkAck: 'true',
      downlinkOverusage: 'false',
    };
    expect((await callback(ack)).status).toBe(204);
    expect((await callback(ack)).status).toBe(204); // the network repeating it
    const urls = await deliver();
    expect(urls.filter((u) => u.startsWith('/ack'))).toEqual([
      '/ack?d=5A03&t=1700000030&a=true&c=0&m=Acked&o=false',
    ]);
    expect(urls.filter((u) => u.startsWith('/data'))).toEqual([]);
    const device = (await t.storage.listDevices({ scope: '/', limit: 1 })).items[0]!;
    const stored = await t.storage.listMessages({ deviceId: device.id, limit: 10, order: 'asc' });
    expect(stored.items.map((m) => m.messageType)).toEqual(['BIDIR', 'ACKNOWLEDGE']);
  });
});
