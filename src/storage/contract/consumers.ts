import { describe, expect } from 'vitest';
import { commit, fleetWithDevices, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Consumers of the commit order: a cursor that survives restarts, held by one process at a time. */
export function describeConsumers(open: OpenStorage) {
  const it = storageIt(open);

  describe('consumers', () => {
    it('saves a cursor only under the lease, and hands the lease on when released', async (s) => {
      expect(await s.consumerCursor('derive')).toBeNull();
      expect(await s.takeConsumerLease('derive', 'a', 60_000)).toBe(true);
      expect(await s.takeConsumerLease('derive', 'b', 60_000)).toBe(false);
      expect(await s.takeConsumerLease('derive', 'a', 60_000)).toBe(true);
      expect(await s.saveConsumerCursor('derive', 'a', 'c1')).toBe(true);
      expect(await s.saveConsumerCursor('derive', 'b', 'stale')).toBe(false);
      expect(await s.consumerCursor('derive')).toBe('c1');
      // Another consumer has its own lease and cursor.
      expect(await s.takeConsumerLease('webhooks', 'b', 60_000)).toBe(true);
      expect(await s.consumerCursor('webhooks')).toBeNull();
      await s.releaseConsumerLease('derive', 'b');
      expect(await s.takeConsumerLease('derive', 'b', 60_000)).toBe(false);
      await s.releaseConsumerLease('derive', 'a');
      expect(await s.takeConsumerLease('derive', 'b', 60_000)).toBe(true);
      expect(await s.consumerCursor('derive')).toBe('c1');
    });

    it('lets another owner take a lease that ran out, and the old owner can no longer save', async (s) => {
      expect(await s.takeConsumerLease('derive', 'dead', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await s.takeConsumerLease('derive', 'alive', 60_000)).toBe(true);
      expect(await s.saveConsumerCursor('derive', 'dead', 'old')).toBe(false);
    });

    it('hands out a lease once when owners race for it', async (s) => {
      const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
      const won = await Promise.all(owners.map((o) => s.takeConsumerLease('race', o, 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('gives a head from which sync returns only what is committed later', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(0) }]);
      const head = await s.syncHead();
      expect((await s.sync({ scope: '/', after: head, limit: 10 })).records).toEqual([]);
      await commit(s, [{ deviceId: truck.id, position: position(1000) }]);
      const page = await s.sync({ scope: '/', after: head, limit: 10 });
      expect(page.records.map((r) => r.kind === 'position' && r.record.fixTime)).toEqual([T0 + 1000]);
    });

    it('queues one delivery per callback and dedupe key', async (s) => {
      const { groups } = await fleetWithDevices(s);
      const hook = await s.createCallback({ groupId: groups.fleet.id, channel: 'webhook', kind: 'event' });
      const other = await s.createCallback({ groupId: groups.fleet.id, channel: 'webhook', kind: 'event' });
      const first = await s.enqueueDelivery({ callbackId: hook.id, payload: 'a', dedupeKey: 'k' }, T0);
      const again = await s.enqueueDelivery({ callbackId: hook.id, payload: 'b', dedupeKey: 'k' }, T0 + 1);
      expect(again).toMatchObject({ id: first.id, payload: 'a' });
      const elsewhere = await s.enqueueDelivery({ callbackId: other.id, payload: 'c', dedupeKey: 'k' }, T0);
      const unkeyed = await s.enqueueDelivery({ callbackId: hook.id, payload: 'd' }, T0);
      const unkeyed2 = await s.enqueueDelivery({ callbackId: hook.id, payload: 'd' }, T0);
      expect(new Set([first.id, elsewhere.id, unkeyed.id, unkeyed2.id]).size).toBe(4);
      expect(await s.listDeliveries({ callbackIds: [hook.id], limit: 10 })).toHaveLength(3);
    });
  });
}
