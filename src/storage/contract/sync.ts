import { describe, expect } from 'vitest';
import type { ResolvedRecord } from '../../model/ingest.ts';
import { InvalidCursorError } from '../cursor.ts';
import type { Storage, SyncQuery } from '../storage.ts';
import {
  commit,
  committedKeys,
  fleetWithDevices,
  message,
  position,
  storageIt,
  syncKey,
  T0,
  type OpenStorage,
} from './fixtures.ts';

/** A batch of every kind of record for a device, distinct for each `n`. */
function batchOf(deviceId: number, n: number): ResolvedRecord[] {
  return [
    { deviceId, position: position(n * 10, 50 + n / 1000), message: message(n * 10, { payload: `b${n}` }) },
    { deviceId, events: [{ type: 'sos', time: T0 + n * 10, key: `b${n}` }] },
    { deviceId, position: position(n * 10 + 1, 50 + n / 1000) },
  ];
}

/** Follows the sync cursor to its end; returns the keys seen and the final cursor. */
async function drain(
  s: Storage,
  scope: string,
  after: string | null,
  limit: number,
  kinds?: SyncQuery['kinds'],
) {
  const keys: string[] = [];
  let cursor = after;
  for (let i = 0; i < 1000; i++) {
    const page = await s.sync({ scope, after: cursor, limit, kinds });
    expect(page.records.length).toBeLessThanOrEqual(limit);
    keys.push(...page.records.map(syncKey));
    const moved = page.next !== cursor;
    cursor = page.next;
    if (!page.records.length && !moved) return { keys, cursor };
  }
  throw new Error('sync did not settle after 1000 pages');
}

/** Incremental sync over the commit order (DESIGN.md §5): never miss, never repeat. */
export function describeSync(open: OpenStorage) {
  const it = storageIt(open);

  describe('sync', () => {
    it('returns records in commit order, not in time order', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      // The later batch carries the older data: commit order and time order disagree.
      const first = committedKeys(await commit(s, batchOf(truck.id, 9)));
      const second = committedKeys(await commit(s, batchOf(truck.id, 1)));
      const { records } = await s.sync({ scope: groups.fleet.path, after: null, limit: 100 });
      const keys = records.map(syncKey);
      expect(keys.slice(0, first.length).sort()).toEqual([...first].sort());
      expect(keys.slice(first.length).sort()).toEqual([...second].sort());
    });

    it('carries each record as stored', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const [r] = (await commit(s, [{ deviceId: truck.id, position: position(5, 48.1, 11.5) }])).records;
      const { records } = await s.sync({ scope: groups.fleet.path, after: null, limit: 10 });
      expect(records).toEqual([{ kind: 'position', record: r?.status === 'accepted' && r.position }]);
    });

    it('reads only the kinds asked for, and moves past the others to the same end', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      for (let n = 0; n < 4; n++) await commit(s, [...batchOf(truck.id, n), ...batchOf(van.id, n)]);
      const all = await drain(s, groups.fleet.path, null, 3);
      for (const kinds of [['event'], ['position'], ['message', 'event']] as const) {
        const some = await drain(s, groups.fleet.path, null, 3, kinds);
        expect(some.keys).toEqual(all.keys.filter((k) => kinds.some((kind) => k.startsWith(`${kind}:`))));
        expect(some.cursor).toBe(all.cursor);
      }
    });

    for (const limit of [1, 2, 3, 7]) {
      it(`returns every record exactly once when paging by ${limit}`, async (s) => {
        const { groups, truck, van } = await fleetWithDevices(s);
        const expected: string[] = [];
        for (let n = 0; n < 5; n++) {
          expected.push(...committedKeys(await commit(s, [...batchOf(truck.id, n), ...batchOf(van.id, n)])));
        }
        const { keys } = await drain(s, groups.fleet.path, null, limit);
        expect(keys).toHaveLength(expected.length);
        expect([...keys].sort()).toEqual([...expected].sort());
      });
    }

    it('shows only records of devices in the scope', async (s) => {
      const { groups, truck, van, stranger } = await fleetWithDevices(s);
      const trucks = committedKeys(await commit(s, batchOf(truck.id, 1)));
      const vans = committedKeys(await commit(s, batchOf(van.id, 1)));
      const theirs = committedKeys(await commit(s, batchOf(stranger.id, 1)));
      const sorted = (keys: string[]) => [...keys].sort();
      expect(sorted((await drain(s, groups.fleet.path, null, 3)).keys)).toEqual(sorted([...trucks, ...vans]));
      expect(sorted((await drain(s, groups.vans.path, null, 3)).keys)).toEqual(sorted(vans));
      expect(sorted((await drain(s, groups.other.path, null, 3)).keys)).toEqual(sorted(theirs));
    });

    it('does not return a duplicate as a new record', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const first = committedKeys(await commit(s, batchOf(truck.id, 1)));
      const start = await drain(s, groups.fleet.path, null, 100);
      await commit(s, batchOf(truck.id, 1));
      const after = await drain(s, groups.fleet.path, start.cursor, 100);
      expect(start.keys.sort()).toEqual([...first].sort());
      expect(after.keys).toEqual([]);
    });

    it('returns the given cursor when nothing new was committed', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      await commit(s, batchOf(truck.id, 1));
      const { cursor } = await drain(s, groups.fleet.path, null, 2);
      const again = await s.sync({ scope: groups.fleet.path, after: cursor, limit: 2 });
      expect(again).toEqual({ records: [], next: cursor });
      await commit(s, batchOf(truck.id, 2));
      const more = await s.sync({ scope: groups.fleet.path, after: cursor, limit: 100 });
      expect(more.records).toHaveLength(4);
      expect(more.next).not.toBe(cursor);
    });

    it('gives a consumer following the cursor while commits arrive every record exactly once', async (s) => {
      const { groups, truck, van, stranger } = await fleetWithDevices(s);
      const expected: string[] = [];
      const seen: string[] = [];
      let cursor: string | null = null;
      let writing = true;
      const writer = (async () => {
        for (let n = 0; n < 30; n++) {
          const device = [truck, van, stranger][n % 3]!;
          const keys = committedKeys(await commit(s, batchOf(device.id, n)));
          if (device !== stranger) expected.push(...keys);
          // Let the reader in between commits.
          await new Promise((resolve) => setImmediate(resolve));
        }
        writing = false;
      })();
      const reader = (async () => {
        while (writing) {
          const page = await s.sync({ scope: groups.fleet.path, after: cursor, limit: 2 });
          seen.push(...page.records.map(syncKey));
          cursor = page.next;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await Promise.all([writer, reader]);
      seen.push(...(await drain(s, groups.fleet.path, cursor, 2)).keys);
      expect(expected).toHaveLength(20 * 4);
      expect(seen).toHaveLength(expected.length);
      expect([...seen].sort()).toEqual([...expected].sort());
    });

    it('rejects a cursor it did not issue', async (s) => {
      const { groups } = await fleetWithDevices(s);
      for (const after of ['not a cursor', Buffer.from('"x"').toString('base64url')]) {
        await expect(s.sync({ scope: groups.fleet.path, after, limit: 5 })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      }
    });
  });
}
