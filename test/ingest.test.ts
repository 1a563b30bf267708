import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, fix, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

describe('ingest', () => {
  let server: RunningServer;
  let admin: Api;
  /** How many records sync shows in total: "nothing stored" means this does not change. */
  const storedCount = async () => (await admin.syncAll()).records.length;

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('accepts a JSON array, stores every record, and counts a re-sent batch as all duplicates', async () => {
    const batch = [0, 1, 2, 3, 4].map((i) => fix('json', 'a', T0 + i * 60_000, { speed: 30 + i }));
    const first = expectStatus(await admin.ingest(batch), 200);
    expect(first).toEqual({ accepted: 5, merged: 0, duplicate: 0, rejected: 0, errors: [] });
    const again = expectStatus(await admin.ingest(batch), 200);
    expect(again).toEqual({ accepted: 0, merged: 0, duplicate: 5, rejected: 0, errors: [] });
    const device = (await admin.all('/api/v1/devices')).find((d) => d.externalIds[0]?.externalId === 'a');
    const positions = await admin.all(`/api/v1/devices/${device.id}/positions`);
    expect(positions.map((p) => p.speed)).toEqual([30, 31, 32, 33, 34]);
  });

  it('accepts NDJSON, and the same records sent again as NDJSON are duplicates', async () => {
    const batch = [0, 1, 2].map((i) => fix('ndjson', 'b', T0 + i * 1000));
    expect(expectStatus(await admin.ingest(batch, true), 200)).toMatchObject({ accepted: 3, duplicate: 0 });
    expect(expectStatus(await admin.ingest(batch, true), 200)).toMatchObject({ accepted: 0, duplicate: 3 });
  });

  it('merges a copy of a stored position that brings fields it lacks, and says so', async () => {
    const sparse = fix('json', 'merge', T0, { speed: 12 });
    const rich = fix('json', 'merge', T0, { speed: 99, course: 271, altitude: 167 });
    expect(expectStatus(await admin.ingest([sparse]), 200)).toMatchObject({ accepted: 1 });
    expect(expectStatus(await admin.ingest([rich]), 200)).toEqual({
      accepted: 0,
      merged: 1,
      duplicate: 0,
      rejected: 0,
      errors: [],
    });
    expect(expectStatus(await admin.ingest([rich, sparse]), 200)).toMatchObject({ merged: 0, duplicate: 2 });
    const device = (await admin.all('/api/v1/devices')).find((d) => d.externalIds[0]?.externalId === 'merge');
    // What was stored stays (speed 12); what it lacked is added.
    expect(await admin.all(`/api/v1/devices/${device.id}/positions`)).toMatchObject([
      { speed: 12, course: 271, altitude: 167 },
    ]);
  });

  it('counts a record repeated inside one batch once, as a duplicate', async () => {
    const r = fix('json', 'repeat', T0);
    expect(expectStatus(await admin.ingest([r, r, r]), 200)).toMatchObject({ accepted: 1, duplicate: 2 });
  });

  it('rejects each bad record with its index and a reason, and commits the rest of the batch', async () => {
    const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const records = [
      fix('bad', 'ok-1', T0),
      fix('bad', 'lat', T0, { lat: 91 }),
      fix('bad', 'lon', T0, { lon: -181 }),
      fix('bad', 'time', T0, { fixTime: 'yesterday at noon' }),
      fix('bad', 'future', T0, { fixTime: future }),
      fix('bad', 'type', T0, { speed: 'fast' }),
      fix('bad', 'unknown', T0, { colour: 'red' }),
      { fixTime: new Date(T0).toISOString(), lat: 1, lon: 1 },
      { deviceId: 987654, fixTime: new Date(T0).toISOString(), lat: 1, lon: 1 },
      fix('bad', 'ok-2', T0),
      fix('bad', 'feb-30', T0, { fixTime: '2025-02-30T12:00:00Z' }),
    ];
    const before = (await admin.all('/api/v1/devices')).length;
    const res = expectStatus(await admin.ingest(records), 200);
    expect(res).toMatchObject({ accepted: 2, duplicate: 0, rejected: 9 });
    const byIndex = new Map(res.errors.map((e: Json) => [e.index, e]));
    expect([...byIndex.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const expectReason = (index: number, code: string, reason: RegExp) => {
      const e = byIndex.get(index) as Json;
      expect(e?.code, `record ${index}`).toBe(code);
      expect(e?.reason, `record ${index}`).toMatch(reason);
    };
    expectReason(1, 'INVALID_COORDINATES', /lat 91/);
    expectReason(2, 'INVALID_COORDINATES', /lon -181/);
    expectReason(3, 'INVALID_TIME', /fixTime/);
    expectReason(4, 'INVALID_TIME', /ahead/);
    expectReason(5, 'INVALID_RECORD', /speed/);
    expectReason(6, 'INVALID_RECORD', /colour/);
    expectReason(7, 'INVALID_RECORD', /deviceId|device/);
    expectReason(8, 'DEVICE_NOT_FOUND', /987654/);
    // A day that does not exist is not silently moved to another (2025-02-30 is not 2025-03-02).
    expectReason(10, 'INVALID_TIME', /2025-02-30/);

    // Only the two good records made devices: a rejected record never creates one.
    const names = (await admin.all('/api/v1/devices')).map((d) => d.externalIds[0]?.externalId);
    expect(names.length).toBe(before + 2);
    expect(names).toEqual(expect.arrayContaining(['ok-1', 'ok-2']));
    expect(names).not.toContain('lat');
  });

  it('reports a broken NDJSON line as a rejected record and stores the others', async () => {
    const body =
      JSON.stringify(fix('nd-broken', 'c', T0)) +
      '\n{"vendor": "nd-broken", "externalId": \n' +
      JSON.stringify(fix('nd-broken', 'c', T0 + 1000)) +
      '\n';
    const res = expectStatus(
      await admin.post('/api/v1/ingest', body, { 'content-type': 'application/x-ndjson' }),
      200,
    );
    expect(res).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.errors).toEqual([
      { index: 1, code: 'INVALID_RECORD', reason: expect.stringMatching(/line 2/) },
    ]);
  });

  it('answers 400 INVALID_BODY to a body that does not parse, and stores nothing', async () => {
    const before = await storedCount();
    const broken = await admin.post('/api/v1/ingest', `[${JSON.stringify(fix('broken', 'd', T0))},{"lat":`);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_BODY');
    const notRecords = await admin.post('/api/v1/ingest', '42');
    expect(notRecords.status).toBe(400);
    expect(notRecords.body.error.code).toBe('INVALID_BODY');
    const ndjson = await admin.post('/api/v1/ingest', 'not json\nnor this\n', {
      'content-type': 'application/x-ndjson',
    });
    expect(ndjson.status).toBe(400);
    expect(ndjson.body.error.code).toBe('INVALID_BODY');
    expect(await storedCount()).toBe(before);
  });

  it('answers 415 to a content type it does not read', async () => {
    const res = await admin.post('/api/v1/ingest', JSON.stringify([fix('ct', 'e', T0)]), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('keeps a message with its position and deduplicates a message by the sender’s id', async () => {
    const record = fix('msg', 'f', T0, {
      message: { id: 'm-1', type: 'TRACK', payload: 'cafe', payloadEncoding: 'hex' },
    });
    expect(expectStatus(await admin.ingest([record]), 200).accepted).toBe(1);
    // Same message id, different position: the message is known, the position is new.
    const moved = { ...record, fixTime: new Date(T0 + 5000).toISOString() };
    expect(expectStatus(await admin.ingest([moved]), 200).accepted).toBe(1);
    const device = (await admin.all('/api/v1/devices')).find((d) => d.externalIds[0]?.externalId === 'f');
    const messages = await admin.all(`/api/v1/devices/${device.id}/messages`);
    expect(messages.filter((m) => !m.duplicate)).toHaveLength(1);
    expect(messages[0]).toMatchObject({ sourceMessageId: 'm-1', messageType: 'TRACK', payload: 'cafe' });
  });

  describe('unknown devices', () => {
    it('creates them in the caller’s group', async () => {
      const group = expectStatus(await admin.post('/api/v1/groups', { name: 'creates' }), 201);
      const token = expectStatus(
        await admin.post('/api/v1/tokens', { name: 'm', role: 'manager', groupId: group.id }),
        201,
      ).token;
      const res = expectStatus(await admin.as(token).ingest([fix('osmand', 'new-in-group', T0)]), 200);
      expect(res.accepted).toBe(1);
      const device = (await admin.all('/api/v1/devices')).find(
        (d) => d.externalIds[0]?.externalId === 'new-in-group',
      );
      expect(device.groupId).toBe(group.id);
    });

    it('rejects them, creating nothing, when the group says reject; known devices still go in', async () => {
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'strict', unknownDevices: 'reject' }),
        201,
      );
      const known = expectStatus(
        await admin.post('/api/v1/devices', {
          name: 'known',
          groupId: group.id,
          externalIds: [{ vendor: 'osmand', externalId: 'known-1' }],
        }),
        201,
      );
      const token = expectStatus(
        await admin.post('/api/v1/tokens', { name: 'm', role: 'manager', groupId: group.id }),
        201,
      ).token;
      const before = (await admin.all('/api/v1/devices')).length;
      const res = expectStatus(
        await admin.as(token).ingest([fix('osmand', 'stranger', T0), fix('osmand', 'known-1', T0)]),
        200,
      );
      expect(res).toMatchObject({ accepted: 1, rejected: 1 });
      expect(res.errors).toEqual([
        { index: 0, code: 'UNKNOWN_DEVICE', reason: expect.stringContaining('stranger') },
      ]);
      expect((await admin.all('/api/v1/devices')).length).toBe(before);
      expect(expectStatus(await admin.get(`/api/v1/devices/${known.id}`), 200).latestPosition).not.toBeNull();
    });
  });
});

describe('ingest body limit', () => {
  let server: RunningServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer({ env: { TRACKWAY_BODY_LIMIT: '4096' } });
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('answers 413 to a body over TRACKWAY_BODY_LIMIT and stores nothing of it', async () => {
    const big = Array.from({ length: 200 }, (_, i) => fix('big', 'g', T0 + i * 1000));
    expect(JSON.stringify(big).length).toBeGreaterThan(4096);
    for (const ndjson of [false, true]) {
      const res = await admin.ingest(big, ndjson);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect((await admin.syncAll()).records).toEqual([]);
    expect(await admin.all('/api/v1/devices')).toEqual([]);
    // The server is still serving, and a batch under the limit goes in.
    expect(expectStatus(await admin.ingest(big.slice(0, 3)), 200).accepted).toBe(3);
  });
});
