import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

/**
 * Group tree: root ─┬─ fleet ── fleet-north
 *                   └─ other
 * One device in each of fleet, fleet-north and other, each with a position and an sos event.
 */
describe('authentication and scope', () => {
  let server: RunningServer;
  let admin: Api;
  const groups: Record<string, Json> = {};
  const devices: Record<string, Json> = {};
  const tokens: Record<string, string> = {};

  const createToken = async (name: string, role: string, groupId: number) =>
    expectStatus(await admin.post('/api/v1/tokens', { name, role, groupId }), 201);

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    groups.fleet = expectStatus(await admin.post('/api/v1/groups', { name: 'fleet' }), 201);
    groups.north = expectStatus(
      await admin.post('/api/v1/groups', { name: 'fleet-north', parentId: groups.fleet.id }),
      201,
    );
    groups.other = expectStatus(await admin.post('/api/v1/groups', { name: 'other' }), 201);
    for (const [key, group] of Object.entries(groups)) {
      devices[key] = expectStatus(
        await admin.post('/api/v1/devices', { name: `truck-${key}`, groupId: group.id }),
        201,
      );
    }
    const t0 = Date.UTC(2025, 0, 1);
    const summary = expectStatus(
      await admin.ingest(
        Object.values(devices).map((d, i) => ({
          deviceId: d.id,
          fixTime: new Date(t0 + i * 1000).toISOString(),
          lat: 10 + i,
          lon: 20 + i,
          events: [{ type: 'sos' }],
        })),
      ),
      200,
    );
    expect(summary.accepted).toBe(3);
    tokens.fleetViewer = (await createToken('fleet viewer', 'viewer', groups.fleet.id)).token;
    tokens.fleetManager = (await createToken('fleet manager', 'manager', groups.fleet.id)).token;
    tokens.northManager = (await createToken('north manager', 'manager', groups.north.id)).token;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  describe('401', () => {
    it('refuses a request without a token', async () => {
      const res = await admin.as(null).get('/api/v1/devices');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('refuses an unknown token and a malformed Authorization header', async () => {
      expect((await admin.as('tw_not-a-real-token').get('/api/v1/devices')).status).toBe(401);
      const basic = await admin
        .as(null)
        .request('GET', '/api/v1/devices', undefined, { authorization: `Basic ${ADMIN_TOKEN}` });
      expect(basic.status).toBe(401);
      expect(basic.body.error.code).toBe('UNAUTHORIZED');
    });

    it('refuses a token at once after it is revoked', async () => {
      const created = await createToken('short-lived', 'viewer', groups.fleet.id);
      const api = admin.as(created.token);
      expect((await api.get('/api/v1/devices')).status).toBe(200);
      expect((await admin.delete(`/api/v1/tokens/${created.id}`)).status).toBe(204);
      const res = await api.get('/api/v1/devices');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
      const listed = expectStatus(await admin.get('/api/v1/tokens'), 200).items.find(
        (t: Json) => t.id === created.id,
      );
      expect(listed.revokedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(created.token);
    });

    it('answers 401 rather than 404 for an unknown resource without a token', async () => {
      expect((await admin.as(null).get(`/api/v1/devices/${devices.other.id}`)).status).toBe(401);
    });
  });

  describe('403', () => {
    it('forbids a viewer to ingest, and stores nothing', async () => {
      const viewer = admin.as(tokens.fleetViewer!);
      const res = await viewer.ingest([
        { deviceId: devices.fleet.id, fixTime: '2025-02-01T00:00:00Z', lat: 1, lon: 1 },
      ]);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      const positions = await admin.all(`/api/v1/devices/${devices.fleet.id}/positions`);
      expect(positions).toHaveLength(1);
    });

    it('forbids a viewer to create devices, device types, groups and tokens', async () => {
      const viewer = admin.as(tokens.fleetViewer!);
      const attempts = await Promise.all([
        viewer.post('/api/v1/devices', { name: 'sneaky' }),
        viewer.post('/api/v1/device-types', { name: 'sneaky' }),
        viewer.post('/api/v1/groups', { name: 'sneaky' }),
        viewer.post('/api/v1/tokens', { name: 'sneaky', role: 'viewer' }),
      ]);
      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(attempts.every((r) => r.body.error.code === 'FORBIDDEN')).toBe(true);
      const names = (await admin.all('/api/v1/devices')).map((d) => d.name);
      expect(names).not.toContain('sneaky');
    });

    it('forbids a manager to create groups or tokens (admin work)', async () => {
      const manager = admin.as(tokens.fleetManager!);
      expect((await manager.post('/api/v1/groups', { name: 'x' })).status).toBe(403);
      expect((await manager.post('/api/v1/tokens', { name: 'x', role: 'viewer' })).status).toBe(403);
    });

    it('lets a viewer read', async () => {
      const viewer = admin.as(tokens.fleetViewer!);
      expect((await viewer.get(`/api/v1/devices/${devices.fleet.id}`)).status).toBe(200);
    });
  });

  describe('404 outside the subtree', () => {
    it('hides a device of a sibling group behind the same 404 as a device that does not exist', async () => {
      const manager = admin.as(tokens.fleetManager!);
      const sibling = await manager.get(`/api/v1/devices/${devices.other.id}`);
      const missing = await manager.get('/api/v1/devices/987654');
      expect(sibling.status).toBe(404);
      expect(sibling.body.error.code).toBe('DEVICE_NOT_FOUND');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe(sibling.body.error.code);
      for (const sub of ['positions', 'messages']) {
        const res = await manager.get(`/api/v1/devices/${devices.other.id}/${sub}`);
        expect(res.status, sub).toBe(404);
      }
      const patch = await manager.patch(`/api/v1/devices/${devices.other.id}`, { name: 'mine now' });
      expect(patch.status).toBe(404);
      expect((await admin.get(`/api/v1/devices/${devices.other.id}`)).body.name).toBe('truck-other');
    });

    it('answers 404 (not 403) to a viewer asking for a sibling device', async () => {
      const res = await admin.as(tokens.fleetViewer!).get(`/api/v1/devices/${devices.other.id}`);
      expect(res.status).toBe(404);
    });

    it('hides sibling and ancestor groups', async () => {
      const manager = admin.as(tokens.fleetManager!);
      expect((await manager.get(`/api/v1/groups/${groups.other.id}`)).status).toBe(404);
      const root = expectStatus(await admin.get('/api/v1/me'), 200).group;
      expect((await manager.get(`/api/v1/groups/${root.id}`)).status).toBe(404);
      const created = await manager.post('/api/v1/devices', { name: 'x', groupId: groups.other.id });
      expect(created.status).toBe(404);
      expect(created.body.error.code).toBe('GROUP_NOT_FOUND');
    });

    it('rejects an ingested record naming a sibling device, and stores it nowhere', async () => {
      const manager = admin.as(tokens.fleetManager!);
      const res = expectStatus(
        await manager.ingest([
          { deviceId: devices.other.id, fixTime: '2025-03-01T00:00:00Z', lat: 1, lon: 1 },
        ]),
        200,
      );
      expect(res).toMatchObject({ accepted: 0, rejected: 1 });
      expect(res.errors[0].code).toBe('DEVICE_NOT_FOUND');
      expect(await admin.all(`/api/v1/devices/${devices.other.id}/positions`)).toHaveLength(1);
    });
  });

  describe('writing into another group', () => {
    it('rejects a record naming a sibling device by vendor and external id, and adds nothing to it', async () => {
      const foreign = expectStatus(
        await admin.post('/api/v1/devices', {
          name: 'foreign',
          groupId: groups.other.id,
          externalIds: [{ vendor: 'osmand', externalId: 'foreign-1' }],
        }),
        201,
      );
      const manager = admin.as(tokens.fleetManager!);
      const res = expectStatus(
        await manager.ingest([
          { vendor: 'osmand', externalId: 'foreign-1', fixTime: '2025-03-02T00:00:00Z', lat: 1, lon: 1 },
        ]),
        200,
      );
      expect(res).toMatchObject({ accepted: 0, rejected: 1 });
      expect(await admin.all(`/api/v1/devices/${foreign.id}/positions`)).toEqual([]);
      expect((await manager.all('/api/v1/devices')).map((d) => d.name)).not.toContain('foreign');
    });
  });

  describe('a manager of a child group', () => {
    it('lists only the devices of its subtree', async () => {
      const ids = (await admin.as(tokens.northManager!).all('/api/v1/devices')).map((d) => d.id);
      expect(ids).toEqual([devices.north.id]);
      const fleetIds = (await admin.as(tokens.fleetManager!).all('/api/v1/devices')).map((d) => d.id);
      expect(fleetIds.sort()).toEqual([devices.fleet.id, devices.north.id].sort());
    });

    it('cannot read the parent group’s device', async () => {
      const res = await admin.as(tokens.northManager!).get(`/api/v1/devices/${devices.fleet.id}`);
      expect(res.status).toBe(404);
    });

    it('sees only the events of its subtree, even when asking for another group', async () => {
      const north = admin.as(tokens.northManager!);
      const events = await north.all('/api/v1/events');
      expect(events.map((e) => e.deviceId)).toEqual([devices.north.id]);
      expect(await north.all(`/api/v1/events?deviceId=${devices.fleet.id}`)).toEqual([]);
      expect(await north.all(`/api/v1/events?groupId=${groups.other.id}`)).toEqual([]);
      expect(await admin.all('/api/v1/events')).toHaveLength(3);
    });

    it('syncs only the records of its subtree', async () => {
      const { records } = await admin.as(tokens.northManager!).syncAll();
      expect(records.length).toBeGreaterThanOrEqual(2);
      const deviceIds = new Set(records.map((r: Json) => (r.position ?? r.message ?? r.event).deviceId));
      expect([...deviceIds]).toEqual([devices.north.id]);
      const all = await admin.syncAll();
      expect(all.records.length).toBeGreaterThan(records.length);
    });

    it('sees only its own group and below in the group list', async () => {
      const items = expectStatus(await admin.as(tokens.northManager!).get('/api/v1/groups'), 200).items;
      expect(items.map((g: Json) => g.id)).toEqual([groups.north.id]);
    });

    it('creates an unknown device in its own group when it ingests by external id', async () => {
      const north = admin.as(tokens.northManager!);
      const res = expectStatus(
        await north.ingest([
          { vendor: 'osmand', externalId: 'north-new', fixTime: '2025-04-01T00:00:00Z', lat: 1, lon: 1 },
        ]),
        200,
      );
      expect(res.accepted).toBe(1);
      const created = (await north.all('/api/v1/devices')).find((d) =>
        d.externalIds.some((e: Json) => e.externalId === 'north-new'),
      );
      expect(created?.groupId).toBe(groups.north.id);
    });
  });
});
