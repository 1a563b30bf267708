import { describe, expect } from 'vitest';
import type { Storage } from '../storage.ts';
import { commit, fleetWithDevices, message, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

const statuses = (r: { records: { status: string }[] }) => r.records.map((x) => x.status);

const allPositions = (s: Storage, deviceId: number) => s.listPositions({ deviceId, limit: 1000 });
const allMessages = (s: Storage, deviceId: number) => s.listMessages({ deviceId, limit: 1000 });
const allEvents = (s: Storage, deviceId: number, scope: string) =>
  s.listEvents({ scope, deviceId, limit: 1000 });

/** The identity rules of DESIGN.md §3: a duplicate is acknowledged, never stored twice. */
export function describeCommitIdentity(open: OpenStorage) {
  const it = storageIt(open);

  describe('commit identity', () => {
    it('stores a position once however often it arrives', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const record = { deviceId: truck.id, position: position(10) };
      expect(statuses(await commit(s, [record]))).toEqual(['accepted']);
      expect(statuses(await commit(s, [record, record]))).toEqual(['duplicate', 'duplicate']);
      // Other fields do not make a position new: its identity is device, fix time, lat and lon. The copy's
      // speed, which the stored one lacks, completes it (see position-merge.ts); sent again, it adds nothing.
      const resent = { deviceId: truck.id, position: position(10, 52.5, 13.4, { speed: 80 }) };
      expect(statuses(await commit(s, [resent]))).toEqual(['merged']);
      expect(statuses(await commit(s, [resent]))).toEqual(['duplicate']);
      expect((await allPositions(s, truck.id)).items).toHaveLength(1);
    });

    it('reports the second copy in one batch as a duplicate', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const record = { deviceId: truck.id, position: position(10) };
      expect(statuses(await commit(s, [record, record]))).toEqual(['accepted', 'duplicate']);
      expect((await allPositions(s, truck.id)).items).toHaveLength(1);
    });

    it('stores positions that differ in device, fix time, latitude or longitude', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      const result = await commit(s, [
        { deviceId: truck.id, position: position(10, 52.5, 13.4) },
        { deviceId: truck.id, position: position(11, 52.5, 13.4) },
        { deviceId: truck.id, position: position(10, 52.6, 13.4) },
        { deviceId: truck.id, position: position(10, 52.5, 13.5) },
        { deviceId: van.id, position: position(10, 52.5, 13.4) },
      ]);
      expect(statuses(result)).toEqual(Array(5).fill('accepted'));
      expect((await allPositions(s, truck.id)).items).toHaveLength(4);
      expect((await allPositions(s, van.id)).items).toHaveLength(1);
    });

    it('dedupes a message by device, source and source message id', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const spot = await s.createSource({
        groupId: groups.fleet.id,
        vendor: 'spot',
        kind: 'pull',
        name: 'a',
      });
      const spot2 = await s.createSource({
        groupId: groups.fleet.id,
        vendor: 'spot',
        kind: 'pull',
        name: 'b',
      });
      const m = message(10, { sourceMessageId: 'm-1' });
      expect(statuses(await commit(s, [{ deviceId: truck.id, message: m }], { sourceId: spot.id }))).toEqual([
        'accepted',
      ]);
      // The vendor id decides, even when the content differs.
      const changed = { ...m, deviceTime: m.deviceTime + 5, payload: 'changed' };
      const again = await commit(s, [{ deviceId: truck.id, message: changed }], { sourceId: spot.id });
      expect(statuses(again)).toEqual(['duplicate']);
      const otherSource = await commit(s, [{ deviceId: truck.id, message: m }], { sourceId: spot2.id });
      const otherDevice = await commit(s, [{ deviceId: van.id, message: m }], { sourceId: spot.id });
      expect([...statuses(otherSource), ...statuses(otherDevice)]).toEqual(['accepted', 'accepted']);
      expect((await allMessages(s, truck.id)).items).toHaveLength(2);
    });

    it('dedupes a message without a vendor id by device time and payload', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const m = message(10, { payload: 'a1b2', payloadEncoding: 'hex' });
      expect(statuses(await commit(s, [{ deviceId: truck.id, message: m }]))).toEqual(['accepted']);
      const result = await commit(s, [
        { deviceId: truck.id, message: m },
        { deviceId: truck.id, message: { ...m, payload: 'a1b3' } },
        { deviceId: truck.id, message: { ...m, deviceTime: m.deviceTime + 1 } },
      ]);
      expect(statuses(result)).toEqual(['duplicate', 'accepted', 'accepted']);
      expect((await allMessages(s, truck.id)).items).toHaveLength(3);
    });

    it('dedupes events by device, type, time and key', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const enter = { type: 'place-enter' as const, time: T0 + 10, key: 'depot' };
      expect(statuses(await commit(s, [{ deviceId: truck.id, events: [enter] }]))).toEqual(['accepted']);
      const result = await commit(s, [
        { deviceId: truck.id, events: [enter] },
        { deviceId: truck.id, events: [{ ...enter, key: 'yard' }] },
        { deviceId: truck.id, events: [{ ...enter, type: 'place-exit' }] },
        { deviceId: truck.id, events: [{ ...enter, time: T0 + 11 }] },
        { deviceId: van.id, events: [enter] },
      ]);
      expect(statuses(result)).toEqual(['duplicate', 'accepted', 'accepted', 'accepted', 'accepted']);
      expect((await allEvents(s, truck.id, groups.root.path)).items).toHaveLength(4);
    });

    it('reports a duplicate only when everything in the record already exists', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const base = { deviceId: truck.id, position: position(10), message: message(10) };
      await commit(s, [base]);
      const withEvent = { ...base, events: [{ type: 'sos' as const, time: T0 + 10 }] };
      const [partly] = (await commit(s, [withEvent])).records;
      expect(partly).toMatchObject({ status: 'accepted', position: null, message: null });
      expect(partly?.status === 'accepted' && partly.events.map((e) => e.type)).toEqual(['sos']);
      expect((await commit(s, [withEvent])).records).toEqual([{ status: 'duplicate', deviceId: truck.id }]);
    });

    it('returns one result per record in input order', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      const result = await commit(s, [
        { deviceId: van.id, position: position(1) },
        { deviceId: truck.id, message: message(2) },
        { deviceId: van.id, events: [{ type: 'overspeed', time: T0 + 3 }] },
      ]);
      expect(result.records.map((r) => r.deviceId)).toEqual([van.id, truck.id, van.id]);
      const [p, m, e] = result.records;
      expect(p?.status === 'accepted' && p.position?.fixTime).toBe(T0 + 1);
      expect(m?.status === 'accepted' && m.message?.deviceTime).toBe(T0 + 2);
      expect(e?.status === 'accepted' && e.events[0]?.time).toBe(T0 + 3);
    });
  });
}
