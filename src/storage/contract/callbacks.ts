import { describe, expect } from 'vitest';
import { groupTree, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Outgoing callbacks per device type or group, and their delivery log. */
export function describeCallbacks(open: OpenStorage) {
  const it = storageIt(open);

  describe('callbacks', () => {
    it('creates, lists by device type or group, updates and deletes callbacks', async (s) => {
      const { fleet, other } = await groupTree(s);
      const type = await s.createDeviceType({ groupId: fleet.id, name: 'sensor' });
      const url = await s.createCallback({
        groupId: fleet.id,
        deviceTypeId: type.id,
        channel: 'url',
        kind: 'data',
        subtype: 'uplink',
        config: { url: 'http://example.test/{device}', headers: { a: 'b' } },
      });
      expect(url).toMatchObject({
        deviceTypeId: type.id,
        channel: 'url',
        kind: 'data',
        subtype: 'uplink',
        config: { url: 'http://example.test/{device}', headers: { a: 'b' } },
        enabled: true,
        dead: false,
      });
      const hook = await s.createCallback({
        groupId: other.id,
        channel: 'webhook',
        kind: 'event',
        enabled: false,
      });
      expect(hook).toMatchObject({ deviceTypeId: null, subtype: null, config: {}, enabled: false });
      expect(await s.getCallback(url.id)).toEqual(url);
      expect((await s.listCallbacks({ deviceTypeId: type.id })).map((c) => c.id)).toEqual([url.id]);
      expect((await s.listCallbacks({ groupId: other.id })).map((c) => c.id)).toEqual([hook.id]);
      const patched = await s.updateCallback(url.id, { enabled: false, dead: true });
      expect(patched).toEqual({ ...url, enabled: false, dead: true });
      expect(await s.updateCallback(url.id, { config: { url: 'http://x.test' } })).toEqual({
        ...patched,
        config: { url: 'http://x.test' },
      });
      expect(await s.updateCallback(url.id + 1000, { enabled: true })).toBeNull();
      await s.enqueueDelivery({ callbackId: url.id, payload: '{}' }, T0);
      expect(await s.deleteCallback(url.id)).toBe(true);
      expect(await s.deleteCallback(url.id)).toBe(false);
      expect(await s.getCallback(url.id)).toBeNull();
      expect(await s.listDeliveries({ callbackIds: [url.id], limit: 10 })).toEqual([]);
    });

    it('lists deliveries newest first, filtered by callback, status, device and time', async (s) => {
      const { fleet } = await groupTree(s);
      const truck = await s.createDevice({ groupId: fleet.id, name: 'truck' });
      const a = await s.createCallback({ groupId: fleet.id, channel: 'url', kind: 'data' });
      const b = await s.createCallback({ groupId: fleet.id, channel: 'email', kind: 'error' });
      const first = await s.enqueueDelivery({ callbackId: a.id, deviceId: truck.id, payload: '{"n":1}' }, T0);
      const second = await s.enqueueDelivery({ callbackId: b.id, payload: '{"n":2}' }, T0);
      const [claimed] = await s.claimDeliveries('w', 1, 60_000, T0);
      expect(claimed!.id).toBe(first.id);
      await s.finishDelivery(first.id, 'w', { status: 'failed', httpStatus: 404, reason: 'Not Found' }, T0);
      const all = await s.listDeliveries({ callbackIds: [a.id, b.id], limit: 10 });
      expect(new Set(all.map((d) => d.id))).toEqual(new Set([first.id, second.id]));
      const failed = await s.listDeliveries({ callbackIds: [a.id, b.id], status: 'failed', limit: 10 });
      expect(failed).toMatchObject([
        { id: first.id, lastStatus: 404, lastReason: 'Not Found', payload: '{"n":1}' },
      ]);
      expect(await s.listDeliveries({ callbackIds: [b.id], deviceId: truck.id, limit: 10 })).toEqual([]);
      expect(await s.listDeliveries({ callbackIds: [a.id, b.id], limit: 1, offset: 5 })).toEqual([]);
      const created = all[0]!.createdAt;
      expect(await s.listDeliveries({ callbackIds: [a.id], to: created - 60_000, limit: 10 })).toEqual([]);
      expect(await s.listDeliveries({ callbackIds: [], limit: 10 })).toEqual([]);
    });
  });
}
