import { describe, expect } from 'vitest';
import { commit, fleetWithDevices, message, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

const geolocation = (seqNumber: number, lat = 43.6) => position(60, lat, 1.44, { attributes: { seqNumber } });
const adoption = (seqNumber: number) => ({ fixTime: T0 + 60, seqNumber });

/** A message that arrives after its own position adopts it (`PositionAdoption`), in the commit's transaction. */
export function describePositionAdoption(open: OpenStorage) {
  const it = storageIt(open);

  describe('position adoption', () => {
    it('links a new message to the unlinked position of its time and sequence number', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const [geo] = (await commit(s, [{ deviceId: truck.id, position: geolocation(77) }])).records;
      const positionId = geo?.status === 'accepted' ? geo.position!.id : -1;
      const [data] = (
        await commit(s, [{ deviceId: truck.id, message: message(60), adoptPosition: adoption(77) }])
      ).records;
      const stored = data?.status === 'accepted' ? data.message : null;
      expect(stored).toMatchObject({ positionId });
      const [p] = (await s.listPositions({ deviceId: truck.id, limit: 10 })).items;
      expect(p).toMatchObject({ id: positionId, messageId: stored!.id });
      expect((await s.listMessages({ deviceId: truck.id, limit: 10 })).items[0]!.positionId).toBe(positionId);
      // A sync consumer got the position unlinked; the message, later in the commit order, names it.
      const { records } = await s.sync({ scope: groups.fleet.path, after: null, limit: 10 });
      expect(records.map((r) => r.kind)).toEqual(['position', 'message']);
      expect(records[1]!.record).toMatchObject({ id: stored!.id, positionId });
    });

    it('adopts only a position of the same device, time and sequence number that has no message', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      await commit(s, [
        { deviceId: truck.id, position: geolocation(78) },
        { deviceId: van.id, position: geolocation(77) },
        { deviceId: truck.id, position: position(61, 43.6, 1.44, { attributes: { seqNumber: 77 } }) },
      ]);
      const [data] = (
        await commit(s, [{ deviceId: truck.id, message: message(60), adoptPosition: adoption(77) }])
      ).records;
      expect(data?.status === 'accepted' && data.message?.positionId).toBeNull();
      const positions = await s.listPositions({ deviceId: truck.id, limit: 10 });
      expect(positions.items.map((p) => p.messageId)).toEqual([null, null]);
    });

    it('gives one position to one message: a repeat or a second message adopts nothing', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: geolocation(77) }]);
      const record = { deviceId: truck.id, message: message(60), adoptPosition: adoption(77) };
      const [first] = (await commit(s, [record])).records;
      expect((await commit(s, [record])).records[0]!.status).toBe('duplicate');
      const other = { ...record, message: message(60, { payload: 'another frame' }) };
      const [second] = (await commit(s, [other])).records;
      expect(second?.status === 'accepted' && second.message?.positionId).toBeNull();
      const [p] = (await s.listPositions({ deviceId: truck.id, limit: 10 })).items;
      expect(p!.messageId).toBe(first?.status === 'accepted' ? first.message!.id : -1);
    });

    it('adopts within one batch, the position first', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const result = await commit(s, [
        { deviceId: truck.id, position: geolocation(77) },
        { deviceId: truck.id, message: message(60), adoptPosition: adoption(77) },
      ]);
      const [geo, data] = result.records;
      const positionId = geo?.status === 'accepted' ? geo.position!.id : -1;
      expect(data?.status === 'accepted' && data.message?.positionId).toBe(positionId);
    });
  });
}
