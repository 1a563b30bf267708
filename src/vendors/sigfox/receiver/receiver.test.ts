import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../auth/secrets.ts';
import { externalKey } from '../../../storage/storage.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import { readSample, samplesMissing, type CallbackSample } from '../testing/samples.ts';

type Started = Awaited<ReturnType<typeof startTestHub>>;
let t: Started;
let src: Awaited<ReturnType<typeof sigfoxSource>>;

beforeEach(async () => {
  t = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
  src = await sigfoxSource(t.storage);
});
afterEach(() => t.stop());

const post = (body: string, contentType = 'application/json', query = `?secret=${src.secret}`) =>
  fetch(`${t.url}/ingest/sigfox/${src.source.id}${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });

async function deviceId(externalId: string) {
  const ref = { vendor: 'sigfox', externalId };
  return (await t.storage.resolveDevices([ref], null)).get(externalKey(ref))!.deviceId;
}
const messages = async (externalId: string) =>
  (await t.storage.listMessages({ deviceId: await deviceId(externalId), limit: 100, order: 'asc' })).items;
const positions = async (externalId: string) =>
  (await t.storage.listPositions({ deviceId: await deviceId(externalId), limit: 100 })).items;

describe.skipIf(samplesMissing)('Sigfox callbacks from real integrations', () => {
  const samples = samplesMissing
    ? []
    : readSample<{ items: CallbackSample[] }>('traccar__sigfox-callback-bodies.json').items;

  it('stores each of the 11 real bodies, keeping the raw data', async () => {
    expect(samples).toHaveLength(11);
    for (const [i, sample] of samples.entries()) {
      const res = await post(sample.body, i === 9 ? 'application/x-www-form-urlencoded' : 'application/json');
      expect([i, res.status]).toEqual([i, 204]);
    }
    const [first] = await messages('BFE47E');
    expect(first).toMatchObject({
      deviceTime: 1590497040_000,
      payload: '10297eb01e621122070000be',
      payloadEncoding: 'hex',
      sourceMessageId: '8@1590497040:10297eb01e621122070000be',
      radio: { seqNumber: 8 },
    });
    // String values are read as numbers; the coarse network lat/lng stays with the message.
    expect((await messages('33827B'))[0]).toMatchObject({
      deviceTime: 1574346702_000,
      radio: { seqNumber: 3662, snr: 8.82, rssi: -141, station: '140A' },
      attributes: { avgSnr: 11.28, networkLocation: { lat: 52, lng: -8 } },
    });
    // URL-encoded JSON sent as the single key of a form.
    expect((await messages('2BF839'))[0]).toMatchObject({
      payload: '00bd6475e907398e562d01b9',
      duplicate: false,
      radio: { seqNumber: 228, snr: 45.61, rssi: -98, station: '35A9' },
    });
    expect((await positions('49F941'))[0]).toMatchObject({
      lat: 19.48954345634299,
      lon: -99.09340606338463,
      accuracy: 1983,
    });
    expect((await messages('40D310')).map((m) => m.payload).sort()).toEqual(['20061494480389f956042a', '62']);
    expect((await messages('284019F'))[0]).toMatchObject({
      deviceTime: 1707375610_000,
      payload: '0100b019ffe8645d0019e513',
      radio: { seqNumber: 42, linkQuality: 'Excellent' },
      attributes: { operator: 'SIGFOX_South_Africa_Sqwidnet', country: '710' },
    });
    // A platform in front of the network: its own fields are kept, "null" strings dropped.
    const [accel] = await messages('testdev001');
    expect(accel!.attributes).toMatchObject({ messageType: 'accelerometer', recievedPayload: 'cb020051' });
    expect(accel!.attributes).not.toHaveProperty('battery');
  });

  it('records a repeated callback once', async () => {
    expect((await post(samples[0]!.body)).status).toBe(204);
    expect((await post(samples[0]!.body)).status).toBe(204);
    expect(await messages('BFE47E')).toHaveLength(1);
  });

  it('answers a BIDIR callback with the device type downlink, variables substituted', async () => {
    const type = await t.storage.createDeviceType({
      groupId: src.group.id,
      name: 'bidir',
      downlinkMode: 'direct',
      downlinkData: '{time}{rssi}{tapId}',
    });
    await t.storage.updateSource(src.source.id, {
      settings: { ...src.source.settings, deviceTypeId: type.id },
    });
    const body = readSample<Record<string, string>>('unabiz__bidir-callback-body.json');
    expect((await post(JSON.stringify(body))).status).toBe(204);
    const before = Math.floor(Date.now() / 1000);
    const res = await post(JSON.stringify({ ...body, ack: 'true', seqNumber: '1505' }));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, { downlinkData: string }>;
    const data = answer['2C30EA']!.downlinkData;
    expect(data).toMatch(/^[0-9a-f]{16}$/);
    expect(parseInt(data.slice(0, 8), 16)).toBeGreaterThanOrEqual(before);
    expect(data.slice(8)).toBe('ff851d44'); // rssi -123 as int16, station 1D44
    const stored = await messages('2C30EA');
    expect(stored.map((m) => m.messageType)).toEqual(['UPLINK', 'BIDIR']);
    expect(stored[1]!.attributes).toMatchObject({ ack: true, downlinkData: data });
  });
});

describe('Sigfox callbacks', () => {
  const data = {
    device: 'ABC123',
    time: 1700000000,
    seqNumber: 77,
    data: 'c01234',
    station: '1D44',
    snr: 12,
  };

  it('merges a geolocation callback into the data message of the same sequence number', async () => {
    expect((await post(JSON.stringify(data))).status).toBe(204);
    const geo = {
      device: 'ABC123',
      time: 1700000000,
      seqNumber: 77,
      computedLocation: { lat: 43.6, lng: 1.44, radius: 1200, source: 1, status: 1 },
    };
    expect((await post(JSON.stringify(geo))).status).toBe(204);
    const [message, ...others] = await messages('ABC123');
    expect(others).toEqual([]);
    expect(message!.payload).toBe('c01234');
    const [position, ...more] = await positions('ABC123');
    expect(more).toEqual([]);
    expect(position).toMatchObject({ messageId: message!.id, lat: 43.6, lon: 1.44, accuracy: 1200 });
  });

  it('decodes with the device type and keeps the data when decoding fails', async () => {
    const type = await t.storage.createDeviceType({
      groupId: src.group.id,
      name: 'custom',
      payloadType: 'custom',
      payloadConfig: 'b1::bool:7 b2::bool:6 i1:1:uint:16',
    });
    await t.storage.updateSource(src.source.id, {
      settings: { ...src.source.settings, deviceTypeId: type.id },
    });
    expect((await post(JSON.stringify(data))).status).toBe(204);
    expect((await post(JSON.stringify({ ...data, seqNumber: 78, data: 'xyz' }))).status).toBe(204);
    const [good, bad] = await messages('ABC123');
    expect(good!.decoded).toEqual({ b1: true, b2: true, i1: 4660 });
    expect(bad).toMatchObject({ payload: 'xyz', payloadEncoding: 'text', decoded: null });
    const events = await t.storage.listEvents({ scope: src.group.path, types: ['decode-error'], limit: 10 });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      messageId: bad!.id,
      attributes: { reason: 'data "xyz" is not hexadecimal' },
    });
    expect((await t.storage.getDevice(await deviceId('ABC123')))!.typeId).toBe(type.id);
  });

  it('records a reception flagged duplicate beside the message', async () => {
    await post(JSON.stringify(data));
    await post(JSON.stringify({ ...data, duplicate: true, station: '2A01' }));
    const stored = await messages('ABC123');
    expect(stored.map((m) => m.duplicate)).toEqual([false, true]);
  });

  it('reads GET query strings and form bodies', async () => {
    const q = new URLSearchParams({
      secret: src.secret,
      device: 'ab12',
      time: '1700000001',
      data: '01',
      seqNumber: '5',
    });
    expect((await fetch(`${t.url}/ingest/sigfox/${src.source.id}?${q}`)).status).toBe(204);
    const form = new URLSearchParams({
      device: 'AB12',
      time: '1700000002',
      data: '02',
      seqNumber: '6',
    }).toString();
    expect((await post(form, 'application/x-www-form-urlencoded')).status).toBe(204);
    expect((await messages('AB12')).map((m) => m.payload)).toEqual(['01', '02']);
  });

  it('takes the secret from a header and refuses a wrong or missing one', async () => {
    const url = `${t.url}/ingest/sigfox/${src.source.id}`;
    const send = (headers: Record<string, string>, body: object = data) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await send({ 'x-trackway-secret': src.secret })).status).toBe(204);
    const wrong = await send({ authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'unknown source or wrong secret' },
    });
    expect((await send({})).status).toBe(401);
    expect(
      (await fetch(`${t.url}/ingest/sigfox/999?secret=${src.secret}`, { method: 'POST', body: '{}' })).status,
    ).toBe(401);
    // A secret bound to one device refuses callbacks for another.
    await t.storage.createReceiverSecret({
      sourceId: src.source.id,
      externalId: 'ABC123',
      name: 'one device',
      prefix: 'bound',
      secretHash: hashSecret('bound-secret'),
    });
    expect((await send({ 'x-trackway-secret': 'bound-secret' })).status).toBe(204);
    expect((await send({ 'x-trackway-secret': 'bound-secret' }, { ...data, device: 'ABC124' })).status).toBe(
      403,
    );
  });

  it('answers bad bodies with a clear 400 and stores nothing', async () => {
    const broken = await post('{"device": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('INVALID_BODY');
    const noDevice = await post(JSON.stringify({ data: '01' }));
    expect(await noDevice.json()).toEqual({
      error: { code: 'INVALID_BODY', message: 'device (or deviceId) is required' },
    });
    const badSnr = await post(JSON.stringify({ ...data, snr: 'loud' }));
    expect(((await badSnr.json()) as { error: { message: string } }).error.message).toBe(
      'snr "loud" is not a number',
    );
  });

  it('refuses an unknown device when the source does not create devices', async () => {
    const strict = await t.storage.createSource({
      groupId: src.group.id,
      vendor: 'sigfox',
      kind: 'push',
      name: 'strict',
      unknownDevices: 'reject',
    });
    await t.storage.createReceiverSecret({
      sourceId: strict.id,
      name: 'strict',
      prefix: 'strict',
      secretHash: hashSecret('strict-secret'),
    });
    const other = await fetch(`${t.url}/ingest/sigfox/${strict.id}?secret=strict-secret`, {
      method: 'POST',
      body: JSON.stringify({ ...data, device: 'FFFF01' }),
    });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_DEVICE');
  });
});
