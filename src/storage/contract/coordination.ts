import { describe, expect } from 'vitest';
import { SourceLeaseLostError } from '../coordination.ts';
import { groupTree, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Source leases and rate slots: what keeps processes sharing one database from doing the same work twice. */
export function describeCoordination(open: OpenStorage) {
  const it = storageIt(open);

  describe('coordination', () => {
    it('gives a source lease to one owner until it is released', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'spot', kind: 'pull', name: 'feed' });
      expect(await s.sourceLeaseOwner(src.id)).toBeNull();
      expect(await s.takeSourceLease(src.id, 'a', 60_000)).toBe(true);
      expect(await s.takeSourceLease(src.id, 'b', 60_000)).toBe(false);
      // The holder renews.
      expect(await s.takeSourceLease(src.id, 'a', 60_000)).toBe(true);
      expect(await s.sourceLeaseOwner(src.id)).toBe('a');
      // Only the holder can release it.
      await s.releaseSourceLease(src.id, 'b');
      expect(await s.sourceLeaseOwner(src.id)).toBe('a');
      await s.releaseSourceLease(src.id, 'a');
      expect(await s.sourceLeaseOwner(src.id)).toBeNull();
      expect(await s.takeSourceLease(src.id, 'b', 60_000)).toBe(true);
      expect(await s.takeSourceLease(src.id + 1000, 'b', 60_000)).toBe(false);
    });

    it('lets another owner take a lease that ran out', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'spot', kind: 'pull', name: 'feed' });
      expect(await s.takeSourceLease(src.id, 'dead', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await s.sourceLeaseOwner(src.id)).toBeNull();
      expect(await s.takeSourceLease(src.id, 'alive', 60_000)).toBe(true);
      expect(await s.sourceLeaseOwner(src.id)).toBe('alive');
    });

    it('hands out a lease once when owners race for it', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'spot', kind: 'pull', name: 'feed' });
      const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
      const won = await Promise.all(owners.map((o) => s.takeSourceLease(src.id, o, 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await s.sourceLeaseOwner(src.id)).toBe(owners[won.indexOf(true)]);
    });

    it("refuses a page's cursor from a process whose lease another has taken, records and all", async (s) => {
      const { fleet } = await groupTree(s);
      const device = await s.createDevice({ groupId: fleet.id, name: 'truck' });
      const src = await s.createSource({ groupId: fleet.id, vendor: 'spot', kind: 'pull', name: 'feed' });
      const page = (cursor: string, leaseOwner: string, lat: number) =>
        s.commit({
          records: [{ deviceId: device.id, position: { fixTime: T0, lat, lon: 1 } }],
          sourceId: src.id,
          receivedTime: T0,
          sourceCursor: { sourceId: src.id, cursor, leaseOwner },
        });
      expect(await s.takeSourceLease(src.id, 'a', 60_000)).toBe(true);
      await page('2', 'a', 1);
      await s.releaseSourceLease(src.id, 'a');
      expect(await s.takeSourceLease(src.id, 'b', 60_000)).toBe(true);
      await page('4', 'b', 2);
      // a stalled with a page fetched before it lost the lease.
      await expect(page('3', 'a', 3)).rejects.toBeInstanceOf(SourceLeaseLostError);
      expect((await s.getSource(src.id))!.cursor).toBe('4');
      expect((await s.listPositions({ deviceId: device.id, limit: 10 })).items.map((p) => p.lat)).toEqual([
        1, 2,
      ]);
    });

    it('claims a rate slot once per spacing and says how long to wait otherwise', async (s) => {
      expect(await s.claimRateSlot('vendor:spot', 2_000, T0)).toBe(0);
      expect(await s.claimRateSlot('vendor:spot', 2_000, T0 + 500)).toBe(1_500);
      expect(await s.getRateStamp('vendor:spot')).toBe(T0);
      // Another key has its own spacing.
      expect(await s.claimRateSlot('vendor:sigfox', 2_000, T0 + 500)).toBe(0);
      expect(await s.claimRateSlot('vendor:spot', 2_000, T0 + 2_000)).toBe(0);
      expect(await s.getRateStamp('vendor:spot')).toBe(T0 + 2_000);
    });

    it('grants one of several simultaneous claims on a rate slot', async (s) => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => s.claimRateSlot('vendor:spot', 2_000, T0)),
      );
      expect(results.filter((w) => w === 0)).toHaveLength(1);
      expect(results.filter((w) => w === 2_000)).toHaveLength(5);
    });
  });
}
