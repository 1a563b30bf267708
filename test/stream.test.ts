import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';
import { openStream, type SseClient } from './support/sse.ts';

const T0 = Date.UTC(2025, 8, 1);
const iso = (t: number) => new Date(t).toISOString();

describe('live stream', () => {
  let server: RunningServer;
  let admin: Api;
  let inside: Json;
  let outside: Json;
  let scopedToken: string;
  const clients: SseClient[] = [];
  const open = async (token: string | null) => {
    const c = await openStream(`${server.url}/api/v1/stream`, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    const fleet = expectStatus(await admin.post('/api/v1/groups', { name: 'fleet' }), 201);
    const north = expectStatus(
      await admin.post('/api/v1/groups', { name: 'north', parentId: fleet.id }),
      201,
    );
    const other = expectStatus(await admin.post('/api/v1/groups', { name: 'other' }), 201);
    inside = expectStatus(await admin.post('/api/v1/devices', { name: 'in', groupId: north.id }), 201);
    outside = expectStatus(await admin.post('/api/v1/devices', { name: 'out', groupId: other.id }), 201);
    scopedToken = expectStatus(
      await admin.post('/api/v1/tokens', { name: 'north', role: 'manager', groupId: north.id }),
      201,
    ).token;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.dispose();
  });

  it('refuses a stream without a token', async () => {
    const c = await open(null);
    expect(c.status).toBe(401);
  });

  it('sends positions and events after commit, each client only its own subtree', async () => {
    const root = await open(ADMIN_TOKEN);
    const north = await open(scopedToken);
    expect([root.status, north.status]).toEqual([200, 200]);
    const res = expectStatus(
      await admin.ingest([
        { deviceId: outside.id, fixTime: iso(T0), lat: 2, lon: 2 },
        { deviceId: inside.id, fixTime: iso(T0), lat: 1, lon: 1, events: [{ type: 'sos' }] },
        { deviceId: inside.id, fixTime: iso(T0 + 1000), lat: 1.5, lon: 1 },
      ]),
      200,
    );
    expect(res.accepted).toBe(3);

    const rootSeen = await root.waitFor((m) => m.length >= 4);
    expect(rootSeen.map((m) => `${m.event}:${m.data.deviceId}`).sort()).toEqual(
      [
        `position:${outside.id}`,
        `position:${inside.id}`,
        `position:${inside.id}`,
        `event:${inside.id}`,
      ].sort(),
    );
    const northSeen = await north.waitFor((m) => m.length >= 3);
    expect(northSeen.map((m) => `${m.event}:${m.data.deviceId}`)).toEqual([
      `position:${inside.id}`,
      `event:${inside.id}`,
      `position:${inside.id}`,
    ]);
    const sos = northSeen.find((m) => m.event === 'event')!;
    expect(sos.data).toMatchObject({ type: 'sos', time: iso(T0) });
    // Sent after commit: what the stream announced is already readable, under the same id.
    const positions = await admin.all(`/api/v1/devices/${inside.id}/positions`);
    const streamed = northSeen.filter((m) => m.event === 'position');
    expect(streamed.map((m) => Number(m.id)).sort()).toEqual(positions.map((p) => p.id).sort());
    expect(streamed[0]!.data).toEqual(positions[0]);

    // Give the scoped client a moment: nothing of the other group ever arrives.
    await new Promise((r) => setTimeout(r, 200));
    expect(north.messages.some((m) => m.data.deviceId === outside.id)).toBe(false);
  });

  it('sends nothing for duplicates and rejected records', async () => {
    const c = await open(scopedToken);
    const res = expectStatus(
      await admin.ingest([
        { deviceId: inside.id, fixTime: iso(T0), lat: 1, lon: 1 },
        { deviceId: inside.id, fixTime: iso(T0), lat: 95, lon: 1 },
        { deviceId: inside.id, fixTime: iso(T0 + 2000), lat: 1.7, lon: 1 },
      ]),
      200,
    );
    expect(res).toMatchObject({ accepted: 1, duplicate: 1, rejected: 1 });
    const seen = await c.waitFor((m) => m.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.data.lat).toBe(1.7);
  });

  it('ends open streams on SIGTERM and still exits 0', async () => {
    const c = await open(ADMIN_TOKEN);
    const status = await server.stop();
    expect(status).toEqual({ code: 0, signal: null });
    await expect(
      Promise.race([c.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 3000))]),
    ).resolves.toBe('ended');
  });
});
