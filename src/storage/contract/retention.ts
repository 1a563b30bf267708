import { describe, expect } from 'vitest';
import { commit, fleetWithDevices, message, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

const HOUR = 3_600_000;

/** Retention: old positions and messages of one group go, in batches; the rest stays. */
export function describeRetention(open: OpenStorage) {
  const it = storageIt(open);

  describe('retention', () => {
    it("deletes a group's old records in batches and keeps newer ones, other groups' and each latest position", async (s) => {
      const { groups, truck, van, stranger } = await fleetWithDevices(s);
      for (const device of [truck, van, stranger]) {
        await commit(
          s,
          Array.from({ length: 10 }, (_, i) => ({
            deviceId: device.id,
            position: position(i * HOUR, 50 + i / 100),
            message: message(i * HOUR, { sourceMessageId: `m${i}` }),
          })),
        );
      }
      // The truck's newest fix is old too: it stays, as where the truck was last seen.
      const cutoff = T0 + 6 * HOUR;
      const first = await s.purgeBefore(groups.fleet.id, cutoff, 4);
      expect(first).toEqual({ positions: 4, messages: 4 });
      const second = await s.purgeBefore(groups.fleet.id, cutoff, 4);
      expect(second).toEqual({ positions: 2, messages: 2 });
      expect(await s.purgeBefore(groups.fleet.id, cutoff, 4)).toEqual({ positions: 0, messages: 0 });

      const times = async (deviceId: number) =>
        (await s.listPositions({ deviceId, limit: 100 })).items
          .map((p) => (p.fixTime - T0) / HOUR)
          .sort((a, b) => a - b);
      expect(await times(truck.id)).toEqual([6, 7, 8, 9]);
      expect((await s.listMessages({ deviceId: truck.id, limit: 100 })).items).toHaveLength(4);
      // Subgroups and other groups are not this call's business.
      expect(await times(van.id)).toHaveLength(10);
      expect(await times(stranger.id)).toHaveLength(10);

      // Everything old, except the latest position, which is older than the cutoff here.
      await s.purgeBefore(groups.fleet.id, T0 + 100 * HOUR, 100);
      expect(await times(truck.id)).toEqual([9]);
      expect((await s.getDevice(truck.id))!.latestPosition?.fixTime).toBe(T0 + 9 * HOUR);
    });

    it('stores a purged message again when it comes back, rather than calling it a duplicate', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const record = { deviceId: truck.id, message: message(0, { sourceMessageId: 'sos-1' }) };
      await commit(s, [record]);
      await s.purgeBefore(groups.fleet.id, T0 + HOUR, 10);
      const again = await commit(s, [record]);
      expect(again.records[0]!.status).toBe('accepted');
    });

    it('prepares partitions without losing or moving records out of sight', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(0), message: message(0) }]);
      const before = await s.sync({ scope: '/', after: null, limit: 10 });
      await s.maintainPartitions(T0);
      const after = await s.sync({ scope: '/', after: null, limit: 10 });
      expect(after.records).toEqual(before.records);
      expect((await s.sync({ scope: '/', after: before.next, limit: 10 })).records).toEqual([]);
    });
  });
}
