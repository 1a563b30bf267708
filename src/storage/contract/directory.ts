import { describe, expect } from 'vitest';
import type { NewCredential } from '../storage.ts';
import { groupTree, storageIt, type OpenStorage } from './fixtures.ts';

const ids = (items: { id: number }[]) => items.map((i) => i.id).sort((a, b) => a - b);

const token = (groupId: number, secretHash: string): NewCredential => ({
  groupId,
  role: 'manager',
  kind: 'token',
  name: `token of group ${groupId}`,
  prefix: secretHash.slice(0, 4),
  secretHash,
});

/** Groups, credentials and device types: the tree and the subtree scoping every list obeys. */
export function describeDirectory(open: OpenStorage) {
  const it = storageIt(open);

  describe('groups', () => {
    it('gives each group the path of its ancestors and itself', async (s) => {
      const { root, fleet, vans } = await groupTree(s);
      expect(root.path).toBe(`/${root.id}/`);
      expect(root.parentId).toBeNull();
      expect(fleet.path).toBe(`/${root.id}/${fleet.id}/`);
      expect(vans.path).toBe(`/${root.id}/${fleet.id}/${vans.id}/`);
      expect(vans.parentId).toBe(fleet.id);
    });

    it('fills defaults and reads a group back as created', async (s) => {
      const { fleet } = await groupTree(s);
      expect(fleet).toMatchObject({
        name: 'fleet',
        unknownDevices: 'create',
        retentionDays: null,
        attributes: {},
      });
      expect(await s.getGroup(fleet.id)).toEqual(fleet);
      expect(await s.getGroup(fleet.id + 1000)).toBeNull();
    });

    it('rejects a group whose parent does not exist', async (s) => {
      await expect(s.createGroup({ parentId: 987654, name: 'orphan' })).rejects.toThrow();
    });

    it('lists a subtree without its parent or siblings', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      expect(ids(await s.listGroups(fleet.path))).toEqual(ids([fleet, vans]));
      expect(ids(await s.listGroups(vans.path))).toEqual([vans.id]);
      expect(ids(await s.listGroups(root.path))).toEqual(ids([root, fleet, vans, other]));
    });

    it('updates the fields in the patch and keeps the rest', async (s) => {
      const { fleet } = await groupTree(s);
      const updated = await s.updateGroup(fleet.id, { retentionDays: 30, unknownDevices: 'reject' });
      expect(updated).toMatchObject({
        name: 'fleet',
        path: fleet.path,
        retentionDays: 30,
        unknownDevices: 'reject',
      });
      const renamed = await s.updateGroup(fleet.id, { name: 'trucks', attributes: { colour: 'red' } });
      expect(renamed).toMatchObject({ name: 'trucks', retentionDays: 30, attributes: { colour: 'red' } });
      expect(await s.updateGroup(fleet.id + 1000, { name: 'x' })).toBeNull();
    });
  });

  describe('credentials', () => {
    it('finds a live credential by its secret hash and never returns the hash', async (s) => {
      const { fleet } = await groupTree(s);
      const created = await s.createCredential(token(fleet.id, 'hash-aaaa-1'));
      const found = await s.findCredential('hash-aaaa-1');
      expect(found).toMatchObject({ id: created.id, groupId: fleet.id, role: 'manager', revokedAt: null });
      expect(JSON.stringify([created, found])).not.toContain('hash-aaaa-1');
      expect(await s.findCredential('hash-unknown')).toBeNull();
    });

    it('marks a credential used when it is found', async (s) => {
      const { fleet } = await groupTree(s);
      const created = await s.createCredential(token(fleet.id, 'hash-used'));
      expect(created.lastUsedAt).toBeNull();
      const found = await s.findCredential('hash-used');
      expect(found?.lastUsedAt).toEqual(expect.any(Number));
    });

    it('does not find a revoked credential', async (s) => {
      const { fleet } = await groupTree(s);
      const created = await s.createCredential(token(fleet.id, 'hash-revoked'));
      expect(await s.revokeCredential(created.id, fleet.path)).toBe(true);
      expect(await s.findCredential('hash-revoked')).toBeNull();
      const listed = (await s.listCredentials(fleet.path)).find((c) => c.id === created.id);
      expect(listed?.revokedAt).toEqual(expect.any(Number));
    });

    it('revokes a credential only within the caller scope', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      const created = await s.createCredential(token(fleet.id, 'hash-scoped'));
      expect(await s.revokeCredential(created.id, other.path)).toBe(false);
      expect(await s.revokeCredential(created.id, vans.path)).toBe(false);
      expect(await s.findCredential('hash-scoped')).not.toBeNull();
      expect(await s.revokeCredential(created.id, root.path)).toBe(true);
      expect(await s.findCredential('hash-scoped')).toBeNull();
    });

    it('lists the credentials of the subtree only and counts them all', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      const before = await s.countCredentials();
      const made = [];
      for (const g of [root, fleet, vans, other])
        made.push(await s.createCredential(token(g.id, `hash-${g.id}`)));
      expect(ids(await s.listCredentials(fleet.path))).toEqual(ids([made[1]!, made[2]!]));
      expect(await s.countCredentials()).toBe(before + 4);
    });
  });

  describe('device types', () => {
    it('creates a device type with defaults and reads it back', async (s) => {
      const { fleet } = await groupTree(s);
      const type = await s.createDeviceType({ groupId: fleet.id, name: 'sensor', keepAlive: 60 });
      expect(type).toMatchObject({
        groupId: fleet.id,
        name: 'sensor',
        description: '',
        keepAlive: 60,
        payloadType: 'none',
        payloadConfig: null,
        attributes: {},
      });
      expect(await s.getDeviceType(type.id)).toEqual(type);
      expect(await s.getDeviceType(type.id + 1000)).toBeNull();
    });

    it('lists the device types of the subtree only', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      const made = [];
      for (const g of [root, fleet, vans, other]) {
        made.push(await s.createDeviceType({ groupId: g.id, name: `type ${g.name}`, payloadType: 'custom' }));
      }
      expect(ids(await s.listDeviceTypes(fleet.path))).toEqual(ids([made[1]!, made[2]!]));
    });
  });
}
