import { describe, expect } from 'vitest';
import type { StoredEvent } from '../../model/records.ts';
import { RETRACTED, retractionOf } from '../../model/retraction.ts';
import type { CommittedRecord, Storage } from '../storage.ts';
import { commit, fleetWithDevices, storageIt, T0, type OpenStorage } from './fixtures.ts';

function events(r: CommittedRecord | undefined): StoredEvent[] {
  if (r?.status !== 'accepted') throw new Error(`expected an accepted record, got ${JSON.stringify(r)}`);
  return r.events;
}

/** Follows the sync order from `after` to its end: the events seen, as `type@time`, and the cursor reached. */
async function follow(s: Storage, scope: string, after: string) {
  const seen: string[] = [];
  let cursor = after;
  for (let i = 0; i < 100; i++) {
    const page = await s.sync({ scope, after: cursor, limit: 2 });
    for (const r of page.records) if (r.kind === 'event') seen.push(`${r.record.type}@${r.record.time - T0}`);
    if (page.next === cursor) break;
    cursor = page.next;
  }
  return { seen, cursor };
}

const live = async (s: Storage, scope: string, deviceId: number) =>
  (await s.listEvents({ scope, deviceId, limit: 100 })).items.map((e) => ({
    type: e.type,
    time: e.time - T0,
    attributes: e.attributes,
  }));

/** Retractions (see model/retraction.ts): the retracted event goes in the same commit; the sync order shows both. */
export function describeRetractions(open: OpenStorage) {
  const it = storageIt(open);

  describe('event retractions', () => {
    it('deletes the retracted event in the commit of its retraction, which follows it in the sync order', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const head = await s.syncHead();
      const [start, end] = events(
        (
          await commit(s, [
            {
              deviceId: truck.id,
              events: [
                { type: 'trip-start', time: T0 + 10 },
                { type: 'trip-end', time: T0 + 20, attributes: { distance: 100 } },
              ],
            },
          ])
        ).records[0],
      );
      const before = await follow(s, groups.fleet.path, head);
      expect(before.seen).toEqual(['trip-start@10', 'trip-end@20']);
      // The trip-end is corrected in one batch: retracted, then committed again with the same identity.
      const corrected = await commit(s, [
        {
          deviceId: truck.id,
          events: [
            retractionOf(start!),
            retractionOf(end!),
            { type: 'trip-end', time: T0 + 20, attributes: { distance: 150 } },
          ],
        },
      ]);
      expect(events(corrected.records[0]).map((e) => e.type)).toEqual([RETRACTED, RETRACTED, 'trip-end']);
      expect(events(corrected.records[0])[0]!.attributes).toEqual({
        eventId: start!.id,
        type: 'trip-start',
        time: new Date(T0 + 10).toISOString(),
        key: null,
      });
      expect(await live(s, groups.fleet.path, truck.id)).toEqual([
        { type: 'trip-end', time: 20, attributes: { distance: 150 } },
      ]);
      expect((await follow(s, groups.fleet.path, before.cursor)).seen).toEqual([
        `${RETRACTED}@10`,
        `${RETRACTED}@20`,
        'trip-end@20',
      ]);
      // A follower that starts later never sees the retracted events: it skips retractions of ids it does not hold.
      expect((await follow(s, groups.fleet.path, head)).seen).toEqual([
        `${RETRACTED}@10`,
        `${RETRACTED}@20`,
        'trip-end@20',
      ]);
    });

    it('stores a retraction once, however often it is committed', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const [sos] = events(
        (await commit(s, [{ deviceId: truck.id, events: [{ type: 'sos', time: T0 }] }])).records[0],
      );
      await commit(s, [{ deviceId: truck.id, events: [retractionOf(sos!)] }]);
      const head = await s.syncHead();
      const again = await commit(s, [{ deviceId: truck.id, events: [retractionOf(sos!)] }]);
      expect(again.records[0]!.status).toBe('duplicate');
      expect((await follow(s, groups.fleet.path, head)).seen).toEqual([]);
    });

    it('lists retractions only when asked for by type', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const [sos] = events(
        (await commit(s, [{ deviceId: truck.id, events: [{ type: 'sos', time: T0 }] }])).records[0],
      );
      await commit(s, [{ deviceId: truck.id, events: [retractionOf(sos!), { type: 'sos', time: T0 + 5 }] }]);
      expect((await live(s, groups.fleet.path, truck.id)).map((e) => e.type)).toEqual(['sos']);
      const asked = await s.listEvents({ scope: groups.fleet.path, types: [RETRACTED], limit: 10 });
      expect(asked.items.map((e) => e.attributes.eventId)).toEqual([sos!.id]);
    });

    it('retracts only an event of the device the retraction is for', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const [sos] = events(
        (await commit(s, [{ deviceId: truck.id, events: [{ type: 'sos', time: T0 }] }])).records[0],
      );
      await commit(s, [{ deviceId: van.id, events: [retractionOf(sos!)] }]);
      expect((await live(s, groups.fleet.path, truck.id)).map((e) => e.type)).toEqual(['sos']);
    });
  });
}
