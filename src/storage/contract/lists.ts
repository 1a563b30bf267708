import { describe, expect } from 'vitest';
import { InvalidCursorError } from '../cursor.ts';
import type { Page, Storage, TimeRangeQuery } from '../storage.ts';
import {
  allPages,
  commit,
  fleetWithDevices,
  message,
  position,
  storageIt,
  T0,
  type OpenStorage,
} from './fixtures.ts';

/** Fix-time offsets with ties, stored in scrambled order so that insertion order cannot stand in for time order. */
const TIMES = [50, 10, 30, 30, 90, 0, 70, 30, 20, 60, 80, 40];

type Timed = { id: number; time: number };
type Lister = (s: Storage, q: TimeRangeQuery) => Promise<Page<Timed>>;

const listers: [string, Lister][] = [
  [
    'listPositions',
    async (s, q) => {
      const page = await s.listPositions(q);
      return { next: page.next, items: page.items.map((p) => ({ id: p.id, time: p.fixTime })) };
    },
  ],
  [
    'listMessages',
    async (s, q) => {
      const page = await s.listMessages(q);
      return { next: page.next, items: page.items.map((m) => ({ id: m.id, time: m.deviceTime })) };
    },
  ],
];

/** Stores TIMES for `truck` as positions with messages, and noise for the other devices. */
async function seed(s: Storage) {
  const fixture = await fleetWithDevices(s);
  const { truck, van } = fixture;
  const records = TIMES.flatMap((t, i) => [
    { deviceId: truck.id, position: position(t, 50 + i / 100), message: message(t, { payload: `p${i}` }) },
    { deviceId: van.id, position: position(t, 50 + i / 100), message: message(t, { payload: `p${i}` }) },
  ]);
  for (let i = 0; i < records.length; i += 5) await commit(s, records.slice(i, i + 5));
  return fixture;
}

function expectSorted(items: Timed[], order: 'asc' | 'desc') {
  const times = items.map((i) => i.time);
  const sorted = [...times].sort((a, b) => (order === 'asc' ? a - b : b - a));
  expect(times).toEqual(sorted);
}

/** Time-range and event lists: paging by cursor, bounds, filters and scope. */
export function describeLists(open: OpenStorage) {
  const it = storageIt(open);

  for (const [name, list] of listers) {
    describe(name, () => {
      for (const order of ['asc', 'desc'] as const) {
        it(`pages in ${order} time order with no item missed or repeated`, async (s) => {
          const { truck } = await seed(s);
          const pages = await allPages((cursor) => list(s, { deviceId: truck.id, order, cursor, limit: 5 }));
          expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
          const items = pages.flat();
          expect(new Set(items.map((i) => i.id)).size).toBe(TIMES.length);
          expectSorted(items, order);
        });
      }

      it('keeps to the from bound inclusive and the to bound exclusive', async (s) => {
        const { truck } = await seed(s);
        for (const order of ['asc', 'desc'] as const) {
          const pages = await allPages((cursor) =>
            list(s, { deviceId: truck.id, from: T0 + 20, to: T0 + 70, order, cursor, limit: 2 }),
          );
          const times = pages.flat().map((i) => i.time - T0);
          const expected = TIMES.filter((t) => t >= 20 && t < 70).sort((a, b) => a - b);
          expect([...times].sort((a, b) => a - b)).toEqual(expected);
          expect(new Set(pages.flat().map((i) => i.id)).size).toBe(expected.length);
        }
      });

      it('lists only the device asked for', async (s) => {
        const { truck, van, stranger } = await seed(s);
        const mine = (await list(s, { deviceId: truck.id, limit: 100 })).items.map((i) => i.id);
        const theirs = (await list(s, { deviceId: van.id, limit: 100 })).items.map((i) => i.id);
        expect(mine).toHaveLength(TIMES.length);
        expect(theirs.filter((id) => mine.includes(id))).toEqual([]);
        expect((await list(s, { deviceId: stranger.id, limit: 100 })).items).toEqual([]);
      });

      it('rejects a cursor it did not issue', async (s) => {
        const { truck } = await seed(s);
        for (const cursor of ['not a cursor', Buffer.from('{"a":1}').toString('base64url')]) {
          await expect(list(s, { deviceId: truck.id, cursor, limit: 5 })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
      });
    });
  }

  describe('listEvents', () => {
    async function seedEvents(s: Storage) {
      const fixture = await fleetWithDevices(s);
      const { truck, van, stranger } = fixture;
      await commit(s, [
        { deviceId: truck.id, events: [{ type: 'sos', time: T0 + 30 }] },
        { deviceId: truck.id, events: [{ type: 'overspeed', time: T0 + 10 }] },
        { deviceId: van.id, events: [{ type: 'sos', time: T0 + 20 }] },
        { deviceId: van.id, events: [{ type: 'place-enter', time: T0 + 40, key: 'depot' }] },
        { deviceId: stranger.id, events: [{ type: 'sos', time: T0 + 25 }] },
      ]);
      return fixture;
    }
    const eventsOf = async (s: Storage, q: Parameters<Storage['listEvents']>[0]) =>
      (await s.listEvents(q)).items.map((e) => [e.type, e.time - T0, e.deviceId]);

    it('lists the events of the scope in time order and no others', async (s) => {
      const { groups, truck, van } = await seedEvents(s);
      expect(await eventsOf(s, { scope: groups.fleet.path, limit: 10 })).toEqual([
        ['overspeed', 10, truck.id],
        ['sos', 20, van.id],
        ['sos', 30, truck.id],
        ['place-enter', 40, van.id],
      ]);
      const [first] = (await s.listEvents({ scope: groups.vans.path, limit: 10 })).items;
      expect(first).toMatchObject({ groupId: groups.vans.id, key: null, deviceId: van.id });
    });

    it('filters events by type, device, group and time', async (s) => {
      const { groups, truck, van } = await seedEvents(s);
      const scope = groups.fleet.path;
      expect(await eventsOf(s, { scope, types: ['sos'], limit: 10 })).toEqual([
        ['sos', 20, van.id],
        ['sos', 30, truck.id],
      ]);
      expect(
        await eventsOf(s, { scope, types: ['sos', 'overspeed'], deviceId: truck.id, limit: 10 }),
      ).toEqual([
        ['overspeed', 10, truck.id],
        ['sos', 30, truck.id],
      ]);
      expect(await eventsOf(s, { scope, groupId: groups.vans.id, limit: 10 })).toEqual([
        ['sos', 20, van.id],
        ['place-enter', 40, van.id],
      ]);
      expect(await eventsOf(s, { scope, from: T0 + 20, to: T0 + 40, limit: 10 })).toEqual([
        ['sos', 20, van.id],
        ['sos', 30, truck.id],
      ]);
    });

    it('hides events outside the scope even when asked for by device or group', async (s) => {
      const { groups, stranger } = await seedEvents(s);
      expect(await eventsOf(s, { scope: groups.fleet.path, deviceId: stranger.id, limit: 10 })).toEqual([]);
      expect(await eventsOf(s, { scope: groups.fleet.path, groupId: groups.other.id, limit: 10 })).toEqual(
        [],
      );
      expect(await eventsOf(s, { scope: groups.vans.path, types: ['overspeed'], limit: 10 })).toEqual([]);
    });

    it('pages through events with no event missed or repeated', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      // Several events at one time, so that the cursor must break ties.
      const times = [5, 1, 3, 3, 3, 2, 4, 3, 0];
      await commit(
        s,
        times.map((t, i) => ({ deviceId: truck.id, events: [{ type: 'sos', time: T0 + t, key: `k${i}` }] })),
      );
      const pages = await allPages((cursor) => s.listEvents({ scope: groups.fleet.path, cursor, limit: 2 }));
      const items = pages.flat();
      expect(pages.every((p) => p.length <= 2)).toBe(true);
      expect(new Set(items.map((e) => e.id)).size).toBe(times.length);
      expect(items.map((e) => e.time - T0)).toEqual([...times].sort((a, b) => a - b));
    });

    it('rejects a cursor it did not issue', async (s) => {
      const { groups } = await seedEvents(s);
      await expect(
        s.listEvents({ scope: groups.fleet.path, cursor: 'garbage!', limit: 2 }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        s.listDevices({ scope: groups.fleet.path, cursor: 'garbage!', limit: 2 }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
