import { describe, expect } from 'vitest';
import type { Storage } from '../storage.ts';
import {
  commit,
  fleetWithDevices,
  message,
  position,
  storageIt,
  syncKey,
  type OpenStorage,
} from './fixtures.ts';

const statuses = (r: { records: { status: string }[] }) => r.records.map((x) => x.status);

/** Follows the sync cursor to its end; returns what it read and the final cursor. */
async function drain(s: Storage, scope: string, after: string | null) {
  const records = [];
  let cursor = after;
  for (let i = 0; i < 100; i++) {
    const page = await s.sync({ scope, after: cursor, limit: 2 });
    records.push(...page.records);
    const moved = page.next !== cursor;
    cursor = page.next;
    if (!page.records.length && !moved) return { records, cursor };
  }
  throw new Error('sync did not settle after 100 pages');
}

/** A copy of a stored position that brings fields it lacks completes it (model/position-merge.ts). */
export function describePositionMerge(open: OpenStorage) {
  const it = storageIt(open);

  describe('position merge', () => {
    it('adds the fields a copy brings and never overwrites a stored one', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const sparse = position(10, 48.85833, 2.29513, { speed: 50, attributes: { tid: 'JJ' } });
      const [first] = (await commit(s, [{ deviceId: truck.id, position: sparse }])).records;
      const rich = position(10, 48.85833, 2.29513, {
        speed: 61,
        course: 271,
        altitude: 167,
        accuracy: 5,
        ignition: false,
        analogs: { adc1: 3.3 },
        attributes: { tid: 'XX', batteryLevel: 67 },
      });
      const result = await commit(s, [{ deviceId: truck.id, position: rich }]);
      expect(statuses(result)).toEqual(['merged']);
      const expected = {
        speed: 50,
        course: 271,
        altitude: 167,
        accuracy: 5,
        ignition: false,
        analogs: { adc1: 3.3 },
        attributes: { tid: 'JJ', batteryLevel: 67 },
      };
      const merged = result.records[0]!;
      expect(merged).toMatchObject({ status: 'merged', deviceId: truck.id, position: expected });
      const { items } = await s.listPositions({ deviceId: truck.id, limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ ...expected, id: first?.status === 'accepted' && first.position!.id });
      // Sent again, the rich copy adds nothing more.
      expect(statuses(await commit(s, [{ deviceId: truck.id, position: rich }]))).toEqual(['duplicate']);
    });

    it('merges a richer copy that follows in the same batch', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const result = await commit(s, [
        { deviceId: truck.id, position: position(10) },
        { deviceId: truck.id, position: position(10, undefined, undefined, { course: 90 }) },
        { deviceId: truck.id, position: position(10, undefined, undefined, { course: 180, speed: 3 }) },
      ]);
      expect(statuses(result)).toEqual(['accepted', 'merged', 'merged']);
      const { items } = await s.listPositions({ deviceId: truck.id, limit: 10 });
      expect(items).toMatchObject([{ course: 90, speed: 3 }]);
    });

    it('counts a record that stores a new message as accepted, its position merged', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(10) }]);
      const result = await commit(s, [
        {
          deviceId: truck.id,
          position: position(10, undefined, undefined, { speed: 7 }),
          message: message(10),
        },
      ]);
      expect(result.records[0]).toMatchObject({ status: 'accepted', position: { speed: 7 } });
    });

    it('puts a merged position back in the commit order, once, with its id', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      await commit(s, [
        { deviceId: truck.id, position: position(10) },
        { deviceId: truck.id, position: position(20) },
      ]);
      const start = await drain(s, groups.fleet.path, null);
      expect(start.records).toHaveLength(2);
      const stored = start.records[0]!.record;
      await commit(s, [{ deviceId: truck.id, position: position(30) }]);
      await commit(s, [{ deviceId: truck.id, position: position(10, undefined, undefined, { speed: 9 }) }]);
      const after = await drain(s, groups.fleet.path, start.cursor);
      // The new position, then the merged one: the merge was committed last.
      expect(after.records.map((r) => r.record)).toMatchObject([
        { fixTime: position(30).fixTime },
        { id: stored.id, speed: 9 },
      ]);
      // Read from the start, every record comes once, the merged one at its new place.
      const all = await drain(s, groups.fleet.path, null);
      expect(all.records.map(syncKey)).toEqual([
        syncKey(start.records[1]!),
        syncKey(after.records[0]!),
        syncKey(after.records[1]!),
      ]);
      expect(all.cursor).toBe(after.cursor);
    });
  });
}
