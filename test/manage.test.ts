import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { cliOk, runCli } from './support/cli.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

describe('managing groups, device types, devices and tokens', () => {
  let server: RunningServer;
  let admin: Api;
  const cli = (...args: string[]) => cliOk([...args, '--data-dir', server.dataDir]);

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  describe('through the API', () => {
    it('creates a group below the caller’s, reads it back and changes its policy', async () => {
      const me = expectStatus(await admin.get('/api/v1/me'), 200);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'depot', retentionDays: 30 }),
        201,
      );
      expect(group).toMatchObject({
        name: 'depot',
        parentId: me.group.id,
        unknownDevices: 'create',
        retentionDays: 30,
      });
      expect(group.path).toBe(`${me.group.path}${group.id}/`);
      const patched = expectStatus(
        await admin.patch(`/api/v1/groups/${group.id}`, { unknownDevices: 'reject' }),
        200,
      );
      expect(patched.unknownDevices).toBe('reject');
      const kept = expectStatus(
        await admin.patch(`/api/v1/groups/${group.id}`, { retentionDays: null }),
        200,
      );
      expect(kept.retentionDays).toBeNull();
      expect(expectStatus(await admin.get(`/api/v1/groups/${group.id}`), 200).unknownDevices).toBe('reject');
      const listed = expectStatus(await admin.get('/api/v1/groups'), 200).items.map((g: Json) => g.id);
      expect(listed).toContain(group.id);
    });

    it('refuses a group without a name, or with a field it does not know, with 400 BAD_REQUEST', async () => {
      const missing = await admin.post('/api/v1/groups', {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('BAD_REQUEST');
      expect((await admin.post('/api/v1/groups', { name: 'x', colour: 'red' })).status).toBe(400);
    });

    it('refuses a custom payload grammar that does not compile, naming the field, and keeps a valid one', async () => {
      const bad = await admin.post('/api/v1/device-types', {
        name: 'grammar-bad',
        payloadType: 'custom',
        payloadConfig: 'a::uint:8 b::uint:12',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toEqual({
        code: 'BAD_REQUEST',
        message:
          'payloadConfig: field 2 "b::uint:12": uint size "12" must be one of 8, 16, 24, 32, 40, 48, 56, 64',
      });
      const missing = await admin.post('/api/v1/device-types', {
        name: 'grammar-none',
        payloadType: 'custom',
      });
      expect(missing.body.error.message).toMatch(/^payloadConfig: /);
      const names = expectStatus(await admin.get('/api/v1/device-types'), 200).items.map((t: Json) => t.name);
      expect(names).not.toContain('grammar-bad');
      const good = expectStatus(
        await admin.post('/api/v1/device-types', {
          name: 'grammar-ok',
          payloadType: 'custom',
          payloadConfig: 'b1::bool:7 i1:1:uint:16',
        }),
        201,
      );
      expect(good).toMatchObject({ payloadType: 'custom', payloadConfig: 'b1::bool:7 i1:1:uint:16' });
    });

    it('refuses a downlink mode or data the Sigfox document does not allow, naming the field', async () => {
      const mode = await admin.post('/api/v1/device-types', { name: 'dl-mode', downlinkMode: 'push' });
      expect(mode.status).toBe(400);
      expect(mode.body.error).toEqual({
        code: 'BAD_REQUEST',
        message: 'downlinkMode: "push" must be "direct" (the document\'s 0) or "callback" (1)',
      });
      const data = await admin.post('/api/v1/device-types', {
        name: 'dl-data',
        downlinkMode: 'direct',
        downlinkData: '{time}{rssi}',
      });
      expect(data.status).toBe(400);
      expect(data.body.error.message).toMatch(/^downlinkData: 6 bytes; must be 8/);
      const names = expectStatus(await admin.get('/api/v1/device-types'), 200).items.map((t: Json) => t.name);
      expect(names).not.toContain('dl-mode');
      expect(names).not.toContain('dl-data');
      const good = expectStatus(
        await admin.post('/api/v1/device-types', {
          name: 'dl-ok',
          downlinkMode: 'direct',
          downlinkData: '{time}{rssi}{tapId}',
        }),
        201,
      );
      expect(good).toMatchObject({ downlinkMode: 'direct', downlinkData: '{time}{rssi}{tapId}' });
    });

    it('creates a device type and a device of that type with external ids', async () => {
      const type = expectStatus(
        await admin.post('/api/v1/device-types', { name: 'tracker-x', keepAlive: 60, description: 'x' }),
        201,
      );
      expect(expectStatus(await admin.get(`/api/v1/device-types/${type.id}`), 200)).toMatchObject({
        name: 'tracker-x',
        keepAlive: 60,
      });
      const device = expectStatus(
        await admin.post('/api/v1/devices', {
          name: 'van 1',
          typeId: type.id,
          externalIds: [{ vendor: 'osmand', externalId: '356938035643809' }],
        }),
        201,
      );
      expect(device).toMatchObject({ name: 'van 1', typeId: type.id, state: 'ok', latestPosition: null });
      expect(device.externalIds).toEqual([{ vendor: 'osmand', externalId: '356938035643809' }]);
      const renamed = expectStatus(
        await admin.patch(`/api/v1/devices/${device.id}`, { name: 'van one' }),
        200,
      );
      expect(renamed.name).toBe('van one');
      expect(expectStatus(await admin.get(`/api/v1/devices/${device.id}`), 200).name).toBe('van one');
      // A JSON null clears the type: it is not coerced to a type id 0.
      const untyped = expectStatus(await admin.patch(`/api/v1/devices/${device.id}`, { typeId: null }), 200);
      expect(untyped.typeId).toBeNull();
    });

    it('refuses a second device with an external id already in use, with 409', async () => {
      const ids = [{ vendor: 'spot', externalId: '0-2508851' }];
      expectStatus(await admin.post('/api/v1/devices', { name: 'first', externalIds: ids }), 201);
      const second = await admin.post('/api/v1/devices', { name: 'second', externalIds: ids });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('CONFLICT');
      expect((await admin.all('/api/v1/devices')).filter((d) => d.name === 'second')).toEqual([]);
    });

    it('answers 404 DEVICE_TYPE_NOT_FOUND, not a server error, for a type that does not exist or is out of scope', async () => {
      const a = expectStatus(await admin.post('/api/v1/groups', { name: 'type-a' }), 201);
      const b = expectStatus(await admin.post('/api/v1/groups', { name: 'type-b' }), 201);
      const foreignType = expectStatus(
        await admin.post('/api/v1/device-types', { name: 'b-only', groupId: b.id }),
        201,
      );
      const manager = admin.as(
        expectStatus(await admin.post('/api/v1/tokens', { name: 'a', role: 'manager', groupId: a.id }), 201)
          .token,
      );
      for (const typeId of [987654, foreignType.id]) {
        const created = await manager.post('/api/v1/devices', { name: 'typed', typeId });
        expect(created.status, `typeId ${typeId}`).toBe(404);
        expect(created.body.error.code).toBe('DEVICE_TYPE_NOT_FOUND');
      }
      const device = expectStatus(await manager.post('/api/v1/devices', { name: 'untyped' }), 201);
      const patched = await manager.patch(`/api/v1/devices/${device.id}`, { typeId: 987654 });
      expect(patched.status).toBe(404);
      expect(patched.body.error.code).toBe('DEVICE_TYPE_NOT_FOUND');
      expect(expectStatus(await manager.get(`/api/v1/devices/${device.id}`), 200).typeId).toBeNull();
    });

    it('moves a device with its history to a group the caller manages, and to no other', async () => {
      const home = expectStatus(await admin.post('/api/v1/groups', { name: 'move-home' }), 201);
      const yard = expectStatus(
        await admin.post('/api/v1/groups', { name: 'move-yard', parentId: home.id }),
        201,
      );
      const elsewhere = expectStatus(await admin.post('/api/v1/groups', { name: 'move-elsewhere' }), 201);
      const tokenOf = async (groupId: number) =>
        admin.as(
          expectStatus(await admin.post('/api/v1/tokens', { name: 'm', role: 'manager', groupId }), 201)
            .token,
        );
      const [homeManager, elsewhereManager] = [await tokenOf(home.id), await tokenOf(elsewhere.id)];
      const device = expectStatus(await homeManager.post('/api/v1/devices', { name: 'mover' }), 201);
      expectStatus(
        await homeManager.ingest([
          { deviceId: device.id, fixTime: '2026-05-01T10:00:00Z', lat: 48.1, lon: 11.5 },
        ]),
        200,
      );
      // Not to a group outside the caller's: 404, as for a group that does not exist, and the device stays.
      for (const groupId of [elsewhere.id, 987654]) {
        const refused = await homeManager.patch(`/api/v1/devices/${device.id}`, { groupId });
        expect(refused.status, `group ${groupId}`).toBe(404);
        expect(refused.body.error.code).toBe('GROUP_NOT_FOUND');
      }
      const moved = expectStatus(
        await homeManager.patch(`/api/v1/devices/${device.id}`, { groupId: yard.id }),
        200,
      );
      expect(moved.groupId).toBe(yard.id);
      const positions = expectStatus(
        await homeManager.get(`/api/v1/devices/${device.id}/positions`),
        200,
      ).items;
      expect(positions.map((p: Json) => p.lat)).toEqual([48.1]);
      expect((await elsewhereManager.get(`/api/v1/devices/${device.id}`)).status).toBe(404);
      // An admin moves it to the sibling group: its manager now sees it and its history, the old one does not.
      expectStatus(await admin.patch(`/api/v1/devices/${device.id}`, { groupId: elsewhere.id }), 200);
      expect((await homeManager.get(`/api/v1/devices/${device.id}`)).status).toBe(404);
      const there = expectStatus(
        await elsewhereManager.get(`/api/v1/devices/${device.id}/positions`),
        200,
      ).items;
      expect(there.map((p: Json) => p.lat)).toEqual([48.1]);
    });

    it('answers 400, not a server error, to a device naming one external id twice', async () => {
      const id = { vendor: 'twice', externalId: '1' };
      const res = await admin.post('/api/v1/devices', { name: 'twice', externalIds: [id, id] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    });

    it('creates a token whose secret is shown once and works as a Bearer token', async () => {
      const created = expectStatus(await admin.post('/api/v1/tokens', { name: 'ops', role: 'viewer' }), 201);
      expect(created.token).toMatch(/^tw_/);
      expect(created.token.startsWith(created.prefix)).toBe(true);
      const me = expectStatus(await admin.as(created.token).get('/api/v1/me'), 200);
      expect(me.token).toMatchObject({ id: created.id, role: 'viewer', name: 'ops' });
      const listed = expectStatus(await admin.get('/api/v1/tokens'), 200);
      expect(JSON.stringify(listed)).not.toContain(created.token);
      expect(listed.items.map((t: Json) => t.id)).toContain(created.id);
    });
  });

  describe('through the CLI, while the server runs', () => {
    it('creates a token whose printed secret the running server accepts, and revokes it', async () => {
      const created = await cli('token', 'create', '--name', 'from-cli', '--role', 'manager');
      const secret = created.stdout.trim();
      expect(secret).toMatch(/^tw_\S+$/);
      const me = expectStatus(await admin.as(secret).get('/api/v1/me'), 200);
      expect(me.token).toMatchObject({ name: 'from-cli', role: 'manager' });

      const list = JSON.parse((await cli('token', 'list', '--json')).stdout) as Json[];
      const row = list.find((t) => t.name === 'from-cli');
      expect(row).toMatchObject({ id: me.token.id, role: 'manager', revoked: null });
      expect(JSON.stringify(list)).not.toContain(secret);

      await cli('token', 'revoke', String(row.id));
      expect((await admin.as(secret).get('/api/v1/me')).status).toBe(401);
    });

    it('refuses an unknown role with a message and exit code 2 (a wrong command line)', async () => {
      const r = await runCli([
        'token',
        'create',
        '--name',
        'x',
        '--role',
        'emperor',
        '--data-dir',
        server.dataDir,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--role must be one of/);
    });

    it('adds a group that the API then shows, and that a CLI token of that group is scoped to', async () => {
      const out = (await cli('group', 'add', '--name', 'cli-group', '--reject-unknown')).stdout;
      const id = Number(/^group (\d+) /.exec(out)?.[1]);
      expect(id).toBeGreaterThan(0);
      const group = expectStatus(await admin.get(`/api/v1/groups/${id}`), 200);
      expect(group).toMatchObject({ name: 'cli-group', unknownDevices: 'reject' });
      const listed = JSON.parse((await cli('group', 'list', '--json')).stdout) as Json[];
      expect(listed.find((g) => g.id === id)).toMatchObject({ name: 'cli-group', unknownDevices: 'reject' });

      const secret = (await cli('token', 'create', '--name', 'g', '--group', String(id))).stdout.trim();
      const groups = expectStatus(await admin.as(secret).get('/api/v1/groups'), 200).items;
      expect(groups.map((g: Json) => g.id)).toEqual([id]);
    });

    it('adds a device type and lists it', async () => {
      const out = (await cli('device-type', 'add', '--name', 'sigfox-sensor', '--keep-alive', '120')).stdout;
      const id = Number(/^device type (\d+) /.exec(out)?.[1]);
      expect(expectStatus(await admin.get(`/api/v1/device-types/${id}`), 200)).toMatchObject({
        name: 'sigfox-sensor',
        keepAlive: 120,
      });
      const listed = JSON.parse((await cli('device-type', 'list', '--json')).stdout) as Json[];
      expect(listed.find((t) => t.id === id)?.keepAlive).toBe(120);
    });

    it('adds a device by external id, and ingest by vendor and external id lands on it', async () => {
      const out = (await cli('device', 'add', '--name', 'cli-van', '--external-id', 'v:x')).stdout;
      const id = Number(/^device (\d+) /.exec(out)?.[1]);
      expect(id).toBeGreaterThan(0);
      const before = (await admin.all('/api/v1/devices')).length;
      const res = expectStatus(
        await admin.ingest([
          { vendor: 'v', externalId: 'x', fixTime: '2025-05-01T10:00:00Z', lat: 48.1, lon: 11.5 },
        ]),
        200,
      );
      expect(res.accepted).toBe(1);
      expect((await admin.all('/api/v1/devices')).length).toBe(before);
      const device = expectStatus(await admin.get(`/api/v1/devices/${id}`), 200);
      expect(device.latestPosition).toMatchObject({
        lat: 48.1,
        lon: 11.5,
        fixTime: '2025-05-01T10:00:00.000Z',
      });

      const listed = JSON.parse((await cli('device', 'list', '--json')).stdout) as Json[];
      expect(listed.find((d) => d.id === id)).toMatchObject({
        name: 'cli-van',
        externalIds: 'v:x',
        lat: 48.1,
      });
    });

    it('refuses a device whose external id is taken', async () => {
      const r = await runCli([
        'device',
        'add',
        '--name',
        'dup',
        '--external-id',
        'v:x',
        '--data-dir',
        server.dataDir,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already used/);
    });

    it('lists every command in --help', async () => {
      const help = (await cliOk(['--help'])).stdout;
      for (const command of ['serve', 'migrate', 'token', 'group', 'device-type', 'device', 'import']) {
        expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
      }
    });
  });
});
