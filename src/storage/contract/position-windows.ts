import { describe, expect } from 'vitest';
import { commit, fleetWithDevices, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

export function describePositionWindows(open: OpenStorage) {
  const it = storageIt(open);
  describe('position windows', () => {
    it('counts and pages one device by fix time, ascending, with [from, to) bounds', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      const times = [40, 10, 30, 20, 50, 0];
      await commit(
        s,
        times.flatMap((t) => [
          { deviceId: truck.id, position: position(t) },
          { deviceId: van.id, position: position(t) },
        ]),
      );
      const window = { deviceId: truck.id, by: 'fix' as const, from: T0 + 10, to: T0 + 50 };
      const first = await s.listPositionWindow({ ...window, offset: 0, limit: 3 });
      expect(first.total).toBe(4);
      expect(first.items.map((p) => p.fixTime - T0)).toEqual([10, 20, 30]);
      expect(first.items.every((p) => p.deviceId === truck.id)).toBe(true);
      const second = await s.listPositionWindow({ ...window, offset: 3, limit: 3 });
      expect(second.items.map((p) => p.fixTime - T0)).toEqual([40]);
    });

    it('bounds by received time, whatever the fix time', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(500) }], { receivedTime: T0 + 1000 });
      await commit(s, [{ deviceId: truck.id, position: position(100) }], { receivedTime: T0 + 2000 });
      await commit(s, [{ deviceId: truck.id, position: position(300) }], { receivedTime: T0 + 3000 });
      const got = await s.listPositionWindow({
        deviceId: truck.id,
        by: 'received',
        from: T0 + 2000,
        to: T0 + 3001,
        offset: 0,
        limit: 10,
      });
      expect(got.total).toBe(2);
      expect(got.items.map((p) => [p.fixTime - T0, p.receivedTime - T0])).toEqual([
        [100, 2000],
        [300, 3000],
      ]);
    });
  });
}
