import { describe, expect } from 'vitest';
import { ConflictError } from '../errors.ts';
import { externalKey } from '../storage.ts';
import { allPages, groupTree, storageIt, type OpenStorage } from './fixtures.ts';

const ids = (items: { id: number }[]) => items.map((i) => i.id).sort((a, b) => a - b);

/** Devices, their external identities, and finding or creating them by those identities. */
export function describeDevices(open: OpenStorage) {
  const it = storageIt(open);

  describe('devices', () => {
    it('creates a device with its external ids and reads it back', async (s) => {
      const { fleet } = await groupTree(s);
      const type = await s.createDeviceType({ groupId: fleet.id, name: 'tracker' });
      const externalIds = [
        { vendor: 'spot', externalId: '0-123' },
        { vendor: 'osmand', externalId: '356938035643809' },
      ];
      const created = await s.createDevice({
        groupId: fleet.id,
        name: 'truck',
        typeId: type.id,
        externalIds,
      });
      expect(created).toMatchObject({
        groupId: fleet.id,
        typeId: type.id,
        name: 'truck',
        state: 'ok',
        lastSeen: null,
        latestPosition: null,
        attributes: {},
      });
      expect(created.externalIds).toHaveLength(2);
      expect(created.externalIds).toEqual(expect.arrayContaining(externalIds));
      expect(await s.getDevice(created.id)).toEqual(created);
      expect(await s.getDevice(created.id + 1000)).toBeNull();
    });

    it('refuses a second device with an external id already taken', async (s) => {
      const { fleet, other } = await groupTree(s);
      const ext = { vendor: 'spot', externalId: '0-1' };
      await s.createDevice({ groupId: fleet.id, name: 'first', externalIds: [ext] });
      await expect(
        s.createDevice({ groupId: other.id, name: 'second', externalIds: [ext] }),
      ).rejects.toBeInstanceOf(ConflictError);
      const { items } = await s.listDevices({ scope: other.path, limit: 10 });
      expect(items).toEqual([]);
    });

    it('updates the fields in the patch and keeps the rest', async (s) => {
      const { fleet } = await groupTree(s);
      const type = await s.createDeviceType({ groupId: fleet.id, name: 'tracker' });
      const d = await s.createDevice({ groupId: fleet.id, name: 'truck', attributes: { plate: 'B-1' } });
      const updated = await s.updateDevice(d.id, { state: 'disabled', typeId: type.id });
      expect(updated).toMatchObject({
        name: 'truck',
        state: 'disabled',
        typeId: type.id,
        attributes: { plate: 'B-1' },
      });
      const renamed = await s.updateDevice(d.id, { name: 'lorry', typeId: null });
      expect(renamed).toMatchObject({ name: 'lorry', state: 'disabled', typeId: null });
      expect(await s.updateDevice(d.id + 1000, { name: 'x' })).toBeNull();
    });

    it('moves a device to another group, and its positions with it', async (s) => {
      const { fleet, other } = await groupTree(s);
      const d = await s.createDevice({ groupId: fleet.id, name: 'truck' });
      const moved = await s.updateDevice(d.id, { groupId: other.id });
      expect(moved).toMatchObject({ name: 'truck', groupId: other.id });
      expect((await s.listDevices({ scope: fleet.path, limit: 10 })).items).toEqual([]);
      expect((await s.listDevices({ scope: other.path, limit: 10 })).items.map((x) => x.id)).toEqual([d.id]);
      expect(await s.devicePaths([d.id])).toEqual(new Map([[d.id, other.path]]));
    });

    it('finds the group paths of devices and of groups by id, leaving out ids that do not exist', async (s) => {
      const { fleet, vans } = await groupTree(s);
      const a = await s.createDevice({ groupId: fleet.id, name: 'a' });
      const b = await s.createDevice({ groupId: vans.id, name: 'b' });
      expect(await s.devicePaths([a.id, b.id, b.id + 1000])).toEqual(
        new Map([
          [a.id, fleet.path],
          [b.id, vans.path],
        ]),
      );
      expect(await s.devicePaths([])).toEqual(new Map());
      await s.updateDevice(b.id, { attributes: { derive: { speedLimit: 90 } } });
      expect(await s.deviceSettings([a.id, b.id, b.id + 1000])).toEqual(
        new Map([
          [a.id, { id: a.id, groupId: fleet.id, attributes: {} }],
          [b.id, { id: b.id, groupId: vans.id, attributes: { derive: { speedLimit: 90 } } }],
        ]),
      );
      expect(await s.deviceSettings([])).toEqual(new Map());
      expect(await s.groupPaths([fleet.id, vans.id + 1000])).toEqual(new Map([[fleet.id, fleet.path]]));
    });

    it('edits only the editable fields, whatever else the patch object carries', async (s) => {
      const { fleet } = await groupTree(s);
      const d = await s.createDevice({ groupId: fleet.id, name: 'truck' });
      // A request body may carry more than its type says.
      const patch = { name: 'lorry', lastSeen: 5, createdAt: 7 } as { name: string };
      expect(await s.updateDevice(d.id, patch)).toMatchObject({
        name: 'lorry',
        lastSeen: null,
        createdAt: d.createdAt,
      });
    });

    it('lists the devices of the subtree only, or of one group', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      const made = [];
      for (const g of [root, fleet, vans, other])
        made.push(await s.createDevice({ groupId: g.id, name: g.name }));
      const inFleet = await s.listDevices({ scope: fleet.path, limit: 10 });
      expect(ids(inFleet.items)).toEqual(ids([made[1]!, made[2]!]));
      expect(inFleet.next).toBeNull();
      const inVans = await s.listDevices({ scope: fleet.path, groupId: vans.id, limit: 10 });
      expect(ids(inVans.items)).toEqual([made[2]!.id]);
      // A group outside the scope stays invisible even when asked for by id.
      const outside = await s.listDevices({ scope: fleet.path, groupId: other.id, limit: 10 });
      expect(outside.items).toEqual([]);
    });

    it('pages through devices with none missed or repeated', async (s) => {
      const { fleet, other } = await groupTree(s);
      const made = [];
      for (let i = 0; i < 8; i++) {
        made.push(await s.createDevice({ groupId: fleet.id, name: `d${i}` }));
        await s.createDevice({ groupId: other.id, name: `x${i}` });
      }
      const pages = await allPages((cursor) => s.listDevices({ scope: fleet.path, cursor, limit: 3 }));
      expect(pages.every((p) => p.length <= 3)).toBe(true);
      const seen = pages.flat().map((d) => d.id);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      expect([...seen].sort((a, b) => a - b)).toEqual(ids(made));
    });
  });

  describe('resolveDevices', () => {
    it('finds a device by its external id without creating anything', async (s) => {
      const { fleet, other } = await groupTree(s);
      const d = await s.createDevice({
        groupId: fleet.id,
        name: 'truck',
        externalIds: [{ vendor: 'spot', externalId: '0-9' }],
      });
      const found = await s.resolveDevices([{ vendor: 'spot', externalId: '0-9' }], { groupId: other.id });
      expect(found.get(externalKey({ vendor: 'spot', externalId: '0-9' }))).toEqual({
        deviceId: d.id,
        groupPath: fleet.path,
        created: false,
      });
      expect((await s.listDevices({ scope: other.path, limit: 10 })).items).toEqual([]);
    });

    it('does not create unknown devices unless asked', async (s) => {
      const { root } = await groupTree(s);
      const found = await s.resolveDevices([{ vendor: 'spot', externalId: 'new' }], null);
      expect(found.size).toBe(0);
      expect((await s.listDevices({ scope: root.path, limit: 10 })).items).toEqual([]);
    });

    it('creates unknown devices in the given group when asked', async (s) => {
      const { fleet } = await groupTree(s);
      const refs = [
        { vendor: 'sigfox', externalId: '1A2B', name: 'Cold room' },
        { vendor: 'sigfox', externalId: '3C4D' },
      ];
      const found = await s.resolveDevices(refs, { groupId: fleet.id });
      const named = found.get(externalKey(refs[0]!));
      const unnamed = found.get(externalKey(refs[1]!));
      expect(named).toMatchObject({ groupPath: fleet.path, created: true });
      expect(unnamed).toMatchObject({ groupPath: fleet.path, created: true });
      const device = await s.getDevice(named!.deviceId);
      expect(device).toMatchObject({ groupId: fleet.id, name: 'Cold room' });
      expect(device?.externalIds).toEqual([{ vendor: 'sigfox', externalId: '1A2B' }]);
      // Without a name the external id is the only recognisable label.
      expect((await s.getDevice(unnamed!.deviceId))?.name).toBe('3C4D');
      const again = await s.resolveDevices(refs, { groupId: fleet.id });
      expect(again.get(externalKey(refs[0]!))).toEqual({ ...named, created: false });
    });

    it('creates a device once when the same reference appears twice', async (s) => {
      const { fleet } = await groupTree(s);
      const ref = { vendor: 'osmand', externalId: '42' };
      const found = await s.resolveDevices([ref, { ...ref }], { groupId: fleet.id });
      expect(found.size).toBe(1);
      expect(found.get(externalKey(ref))?.created).toBe(true);
      const { items } = await s.listDevices({ scope: fleet.path, limit: 10 });
      expect(items.map((d) => d.id)).toEqual([found.get(externalKey(ref))!.deviceId]);
    });

    it('keeps the same external id under two vendors apart', async (s) => {
      const { fleet } = await groupTree(s);
      const a = { vendor: 'osmand', externalId: '42' };
      const b = { vendor: 'owntracks', externalId: '42' };
      const found = await s.resolveDevices([a, b], { groupId: fleet.id });
      expect(found.size).toBe(2);
      expect(found.get(externalKey(a))!.deviceId).not.toBe(found.get(externalKey(b))!.deviceId);
    });
  });
}
