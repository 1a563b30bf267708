import { describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../../callbacks/worker.ts';
import { useFacadeFixture, type Json } from '../testing/facade-fixture.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';

const f = useFacadeFixture();
const now = Math.floor(Date.now() / 1000);

describe('Sigfox API v1 facade: data', () => {
  it('pages device messages newest first with seconds and string fields, as real clients read them', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await f.uplink({ time: now - 100 + i, seqNumber: 10 + i, data: `0${i}` })).status).toBe(204);
    }
    const first = await f.api('/devices/2c30ea/messages?limit=2');
    expect(first.body.data).toEqual([
      {
        device: '2C30EA',
        time: now - 98,
        data: '02',
        // The document's formats: snr "38.2", rinfos lat/lng the base station's rounded degrees ("43", "6").
        snr: '12.5',
        seqNumber: 12,
        rinfos: [{ tap: '1D44', snr: '12.5', rssi: '-120.00', lat: '1', lng: '104' }],
      },
      expect.objectContaining({ time: now - 99, data: '01' }),
    ]);
    // In the document's order: rinfos after the radio fields, as its example lists them.
    expect(Object.keys(first.body.data[0])).toEqual(['device', 'time', 'data', 'snr', 'seqNumber', 'rinfos']);
    const next = new URL(first.body.paging.next);
    expect(next.origin).toBe(f.t.url);
    expect(next.searchParams.get('offset')).toBe('2');
    const second = await f.api(`${next.pathname.replace('/compat/sigfox/api', '')}${next.search}`);
    expect(second.body.data.map((m: Json) => m.data)).toEqual(['00']);
    // "If a property has no value, it won't appear in the result" (document 004): no next page, no paging.
    expect(second.body).not.toHaveProperty('paging');
    expect((await f.api(`/devicetypes/${f.typeId}/devices`)).body).toEqual({ data: expect.any(Array) });
    expect(
      (await f.api(`/devices/2C30EA/messages?before=${now - 99}`)).body.data.map((m: Json) => m.data),
    ).toEqual(['00']);
    expect(
      (await f.api(`/devicetypes/${f.typeId}/messages?since=${now - 99}`)).body.data.map((m: Json) => m.data),
    ).toEqual(['02', '01']);
    expect((await f.api('/devices/2C30EA/messages?offset=5001')).status).toBe(400);
    expect((await f.api('/devices/FFFF/messages')).status).toBe(404);
  });

  it.skipIf(samplesMissing)(
    'answers with the fields the Home Assistant client reads from the v1 response',
    async () => {
      const sample = readSample<{ data: Record<string, unknown>[] }>(
        'ha__api-v1-devices-messages-response.json',
      );
      await f.uplink({ time: 1521879720, seqNumber: 1, data: '7061796c6f6164', lat: 0, lng: 0, snr: 50 });
      const ours = (await f.api('/devices/2C30EA/messages')).body.data[0];
      const theirs = sample.data[0]!;
      for (const key of Object.keys(theirs)) expect(typeof ours[key]).toBe(typeof theirs[key]);
      expect({ time: ours.time, data: ours.data, snr: ours.snr }).toEqual({
        time: 1521879720,
        data: '7061796c6f6164',
        snr: '50.0',
      });
      expect(typeof ours.rinfos[0].lat).toBe(typeof (theirs.rinfos as Json)[0].lat);
    },
  );

  it.skipIf(samplesMissing)(
    'finds a device by the id the device list shows, hex or an integration name (Traccar sample)',
    async () => {
      const bodies = readSample<{ items: { body: string }[] }>('traccar__sigfox-callback-bodies.json').items;
      const named = bodies.find((b) => b.body.includes('"testdev001"'))!;
      const res = await fetch(`${f.t.url}/ingest/sigfox/${f.src.source.id}?secret=${f.src.secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: named.body,
      });
      expect(res.status).toBe(204);
      expect((await f.uplink({ device: '2c30ea', time: now, seqNumber: 1, data: '01' })).status).toBe(204);
      const listed = (await f.api(`/devicetypes/${f.typeId}/devices`)).body.data.map((d: Json) => d.id);
      expect(listed.sort()).toEqual(['2C30EA', 'testdev001']);
      for (const id of listed) {
        const messages = await f.api(`/devices/${id}/messages?limit=1`);
        expect(messages.status).toBe(200);
        expect(messages.body.data[0].device).toBe(id);
        expect((await f.api(`/devices/${id}`)).body.id).toBe(id);
      }
      // Hex ids are case-blind (the backend shows them upper-case); an integration's own name is as sent.
      expect((await f.api('/devices/2c30ea/messages?limit=1')).status).toBe(200);
      expect((await f.api('/devices/TESTDEV001/messages?limit=1')).status).toBe(404);
    },
  );

  it('shows devices with averages, state, metrics, consumptions, token and network state', async () => {
    await f.uplink({ time: now - 60, seqNumber: 1, data: '01', snr: 8 });
    await f.uplink({ time: now - 30, seqNumber: 2, data: '02', snr: 11, rssi: -110, ack: true });
    const info = await f.api('/devices/2C30EA');
    expect(info.body).toMatchObject({
      id: '2C30EA',
      type: String(f.typeId),
      averageSnr: 9.5,
      averageSignal: 9.5,
      averageRssi: -115,
      state: 0,
    });
    // `last`: the time of the device's last message (seconds in the callback), not when it reached us.
    expect(info.body.last).toBe((now - 30) * 1000);
    expect(info.body).not.toHaveProperty('activationTime');
    const listed = (await f.api(`/devicetypes/${f.typeId}/devices`)).body.data[0];
    expect(listed.last).toBe((now - 30) * 1000);
    expect(listed).not.toHaveProperty('activationTime');
    expect((await f.api(`/devicetypes/${f.typeId}/devices?snr=1`)).body.data.map((d: Json) => d.id)).toEqual([
      '2C30EA',
    ]);
    expect((await f.api(`/devicetypes/${f.typeId}/devices?snr=3`)).body.data).toEqual([]);
    expect((await f.api(`/devicetypes/${f.typeId}/devices?snr=9`)).status).toBe(400);
    expect((await f.api('/devices/2C30EA/messages/metric')).body).toEqual({
      lastDay: 2,
      lastWeek: 2,
      lastMonth: 2,
    });
    const year = new Date().getUTCFullYear();
    const cons = (await f.api(`/device/2C30EA/consumptions/${year}`)).body.consumption;
    expect(cons.id).toBe(`2C30EA_${year}`);
    const start = Date.UTC(year, 0, 1);
    const day = Math.floor(((now - 30) * 1000 - start) / 86_400_000);
    expect(cons.consumptions[day].frameCount).toBeGreaterThanOrEqual(1);
    expect(cons.consumptions.reduce((a: number, c: Json) => a + c.frameCount, 0)).toBe(2);
    expect((await f.api('/devices/2C30EA/token-state')).body).toEqual({
      code: 2,
      detailMessage: 'Not communicated',
    });
    expect((await f.api('/devices/2C30EA/networkstate')).body).toEqual({ networkStatus: 'OK' });
    // A device with a token shows when it took it.
    const device = (await f.t.storage.listDevices({ scope: '/', limit: 1 })).items[0]!;
    const token = { type: 'CONTRACT', contractId: 'c1', start: 1404096340556, end: 1449010800000 };
    await f.t.storage.updateDevice(device.id, { attributes: { ...device.attributes, token } });
    expect((await f.api('/devices/2C30EA')).body).toMatchObject({
      activationTime: 1404096340556,
      tokenType: 'CONTRACT',
      tokenEnd: 1449010800000,
    });
  });

  it('flags a replayed sequence number until the device type is disengaged', async () => {
    await f.uplink({ time: now - 60, seqNumber: 100, data: '01' });
    await f.uplink({ time: now - 50, seqNumber: 90, data: '02' });
    expect((await f.api(`/devicetypes/${f.typeId}/disengage`)).status).toBe(200);
    await f.uplink({ time: now - 40, seqNumber: 5, data: '03' });
    await f.uplink({ time: now - 30, seqNumber: 6, data: '04' });
    const device = (await f.t.storage.listDevices({ scope: '/', limit: 10 })).items[0]!;
    const messages = (await f.t.storage.listMessages({ deviceId: device.id, limit: 10, order: 'asc' })).items;
    expect(messages.map((m) => [m.payload, m.attributes.replay ?? false])).toEqual([
      ['01', false],
      ['02', true],
      ['03', false],
      ['04', false],
    ]);
  });

  it('shows a keepAlive silence as an ERROR status with the ERROR callbacks it fired', async () => {
    await f.api(`/devicetypes/${f.typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        {
          channel: 'URL',
          callbackType: 2,
          url: `${f.userUrl}/down?id={device}&t={time}&i={info}`,
          httpMethod: 'GET',
        },
      ],
    });
    await f.uplink({ time: now - 60, seqNumber: 1, data: '01' });
    const device = (await f.t.storage.listDevices({ scope: '/', limit: 1 })).items[0]!;
    const group = (await f.t.storage.getGroup(device.groupId))!;
    // What the hub's silence watcher commits once the type's keepAlive (30 minutes) has passed.
    const silentAt = device.lastSeen! + 30 * 60_000;
    const lastSeen = new Date(device.lastSeen!).toISOString();
    await f.t.hub.pipeline.ingest(
      [
        {
          device: { deviceId: device.id },
          events: [{ type: 'device-silent', time: silentAt, attributes: { lastSeen, thresholdMinutes: 30 } }],
        },
      ],
      {
        groupId: group.id,
        scopePath: group.path,
        sourceId: null,
        unknownDevices: 'reject',
        receivedTime: Date.now(),
      },
    );
    await f.t.storage.updateDevice(device.id, { state: 'silent' });
    expect((await f.api('/devices/2C30EA')).body.state).toBe(1);
    const worker = new DeliveryWorker({ storage: f.t.storage });
    await worker.runOnce();
    await worker.stop();
    const message = `No message received since ${lastSeen.slice(0, 19).replace('T', ' ')}`;
    const [event] = (await f.api('/devices/2C30EA/status/error')).body.data;
    expect(event).toEqual({
      deviceId: '2C30EA',
      time: silentAt,
      message,
      severity: 'ERROR',
      deviceTypeId: String(f.typeId),
      callbacks: [
        {
          url: `${f.userUrl}/down?id=2C30EA&t=${Math.floor(silentAt / 1000)}&i=${encodeURIComponent(message)}`,
          status: 200,
        },
      ],
    });
    expect((await f.api(`/devicetypes/${f.typeId}/status/error`)).body.data).toEqual([event]);
    expect((await f.api(`/devicetypes/${f.typeId}/status/warn`)).body.data).toEqual([]);
    // A type without keepAlive has no ERROR status, whatever else raised the silence.
    await f.t.storage.updateDeviceType(f.typeId, { keepAlive: 0 });
    expect((await f.api('/devices/2C30EA/status/error')).body.data).toEqual([]);
  });

  it('lists failed callbacks the way the document shows them', async () => {
    await f.api(`/devicetypes/${f.typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        {
          channel: 'URL',
          callbackType: 0,
          callbackSubtype: 2,
          url: `${f.userUrl}/cb?d={data}`,
          httpMethod: 'POST',
          bodyTemplate: 'device={device}',
          headers: { k: '{station}' },
        },
      ],
    });
    await f.uplink({ time: 1381766225, seqNumber: 1, data: '3b3616201e100000' });
    f.answers = [404];
    const worker = new DeliveryWorker({ storage: f.t.storage });
    await worker.runOnce();
    await worker.stop();
    const failed = await f.api(`/callbacks/messages/error?since=0&deviceTypeId=${f.typeId}`);
    expect(failed.body.data).toEqual([
      {
        device: '2C30EA',
        deviceType: String(f.typeId),
        time: 1381766225000,
        data: '3b3616201e100000',
        snr: 12.5,
        status: 404,
        message: 'Not Found',
        callback: {
          url: `${f.userUrl}/cb?d=3b3616201e100000`,
          headers: { k: '1D44' },
          method: 'POST',
          body: 'device=2C30EA',
          contentType: 'application/x-www-form-urlencoded',
        },
        parameters: expect.objectContaining({
          device: '2C30EA',
          time: 1381766225,
          station: '1D44',
          snr: 12.5,
          rssi: -120,
        }),
      },
    ]);
    expect((await f.api(`/devicetypes/${f.typeId}/callbacks`)).body.data[0].dead).toBe(true);
    expect((await f.api('/callbacks/messages/error?since=0&hexId=2C30EA')).body.data).toHaveLength(1);
  });

  it('shows a callback dead while its last use failed, retries pending or not, and alive after a success', async () => {
    await f.api(`/devicetypes/${f.typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        { channel: 'URL', callbackType: 0, callbackSubtype: 2, url: `${f.userUrl}/cb`, httpMethod: 'GET' },
      ],
    });
    const dead = async () => (await f.api(`/devicetypes/${f.typeId}/callbacks`)).body.data[0].dead;
    await f.uplink({ time: now - 10, seqNumber: 1, data: '01' });
    let clock = Date.now();
    const worker = new DeliveryWorker({ storage: f.t.storage, now: () => clock });
    // A 500 is retried later; the document: "dead true if last use of the callback fails".
    f.answers = [500];
    await worker.runOnce();
    expect(await dead()).toBe(true);
    clock += 24 * 3_600_000;
    await worker.runOnce();
    expect(f.answers).toEqual([]);
    expect(await dead()).toBe(false);
    await worker.stop();
  });

  it('estimates coverage redundancy from the stations seen near a point', async () => {
    for (const [seq, station, lat] of [
      [1, 'A1', 43.6],
      [2, 'B2', 43.61],
      [3, 'C3', 48.85],
    ] as const) {
      await f.uplink({ time: now - 100 + seq, seqNumber: seq, data: '01', station });
      await f.uplink({
        time: now - 100 + seq,
        seqNumber: seq,
        computedLocation: { lat, lng: 1.44, radius: 500, source: 1, status: 1 },
      });
    }
    expect((await f.api('/coverages/redundancy?lat=43.6&lng=1.44')).body).toEqual({ redundancy: 2 });
    expect((await f.api('/coverages/redundancy?lat=0&lng=0&mode=OUTDOOR')).body).toEqual({ redundancy: 0 });
    expect((await f.api('/coverages/redundancy?lat=95&lng=0')).status).toBe(400);
  });

  it('lists sub-groups and answers the remaining endpoints in the document shape', async () => {
    const child = await f.t.storage.createGroup({ parentId: f.src.group.id, name: 'Child' });
    const billed = await f.t.storage.createGroup({
      parentId: f.src.group.id,
      name: 'Billed',
      attributes: { bssId: 'bss-48631656321', billable: true },
    });
    expect((await f.api('/groups')).body.data).toEqual([
      {
        id: String(child.id),
        name: 'Child',
        nameCI: 'child',
        description: '',
        path: [String(f.src.root.id), String(f.src.group.id)],
        billable: false,
      },
      {
        id: String(billed.id),
        name: 'Billed',
        nameCI: 'billed',
        description: '',
        path: [String(f.src.root.id), String(f.src.group.id)],
        billable: true,
        bssId: 'bss-48631656321',
      },
    ]);
    // Another group is answered as a group that does not exist, in every route that takes a group id.
    for (const path of ['/groups/ID', '/groups?parentId=ID', '/users?groupId=ID']) {
      const theirs = await f.api(path.replace('ID', String(f.src.root.id)));
      const nobodys = await f.api(path.replace('ID', '99999'));
      expect([theirs.status, nobodys.status]).toEqual([404, 404]);
      expect(theirs.body.message.replace(String(f.src.root.id), 'ID')).toBe(
        nobodys.body.message.replace('99999', 'ID'),
      );
    }
    expect((await f.api('/devicetypes/geolocs-config')).body).toEqual([]);
    // The group's live credentials: the manager token and the facade login generated for it.
    const users = (await f.api(`/users?groupId=${f.src.group.id}`)).body;
    expect(users.data.map((u: { firstName: string }) => u.firstName)[0]).toBe('admin');
    expect(users.data).toHaveLength(2);
    expect(users.data[0].userRoles).toEqual([
      {
        group: expect.objectContaining({ id: String(f.src.group.id), name: 'sensors' }),
        customRole: { id: 'manager', name: 'MANAGER' },
      },
    ]);
    expect((await f.api(`/users?groupId=${child.id}`)).body).toEqual({ data: [] });
    await f.uplink({ time: now, seqNumber: 1, data: '01' });
    expect((await f.api(`/devicetypes/${f.typeId}/id-pac`)).body).toEqual({ data: [{ id: '2C30EA' }] });
    await f.uplink({
      time: now,
      seqNumber: 1,
      computedLocation: { lat: 1.3, lng: 103.8, radius: 900, source: 1, status: 1 },
    });
    expect((await f.api('/devices/2C30EA/locations')).body.data).toEqual([
      { time: now, valid: true, lat: 1.3, lng: 103.8, radius: 900 },
    ]);
  });
});
