import { describe, expect } from 'vitest';
import type { ResolvedRecord } from '../../model/ingest.ts';
import type { CommittedRecord } from '../storage.ts';
import { commit, fleetWithDevices, message, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

function accepted(r: CommittedRecord | undefined) {
  if (r?.status !== 'accepted') throw new Error(`expected an accepted record, got ${JSON.stringify(r)}`);
  return r;
}

/** An id no test creates, for devices and sources that do not exist. */
const MISSING = 987_654_321;

/** What a commit does besides storing records: links, latest position, last seen, the cursor; all or nothing. */
export function describeCommitEffects(open: OpenStorage) {
  const it = storageIt(open);

  describe('commit effects', () => {
    it('stores every position field as given', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const fields = position(10, -33.8688, 151.2093, {
        valid: false,
        accuracy: 12.5,
        altitude: 58,
        speed: 42.5,
        course: 271.5,
        hdop: 0.9,
        vdop: 1.1,
        pdop: 1.4,
        satellites: 9,
        odometer: 123456.7,
        ignition: true,
        motion: false,
        inputs: 5,
        outputs: 2,
        analogs: { adc1: 3.3 },
        temperatures: { t1: -18.5 },
        power: 12.6,
        attributes: { driver: 'ann' },
      });
      const p = accepted((await commit(s, [{ deviceId: truck.id, position: fields }])).records[0]).position;
      const { attributes, ...rest } = fields;
      const expected = {
        ...rest,
        attributes,
        deviceId: truck.id,
        messageId: null,
        receivedTime: T0 + 1_000_000,
      };
      expect(p).toMatchObject(expected);
      expect((await s.listPositions({ deviceId: truck.id, limit: 10 })).items).toEqual([p]);
    });

    it('stores every message field as given', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const source = await s.createSource({
        groupId: groups.fleet.id,
        vendor: 'sigfox',
        kind: 'push',
        name: 'cb',
      });
      const fields = message(10, {
        sourceMessageId: 'seq-7',
        messageType: 'data',
        payload: '0a1b2c',
        payloadEncoding: 'hex',
        radio: { seqNumber: 7, snr: 12.3, rssi: -120, station: '1D44', linkQuality: 'GOOD' },
        decoded: { temperature: 4.5 },
        attributes: { note: 'first' },
      });
      const m = accepted(
        (await commit(s, [{ deviceId: truck.id, message: fields }], { sourceId: source.id })).records[0],
      ).message;
      expect(m).toMatchObject({ ...fields, deviceId: truck.id, sourceId: source.id, duplicate: false });
      expect((await s.listMessages({ deviceId: truck.id, limit: 10 })).items).toEqual([m]);
    });

    it('links a position and its events to the message they came with', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const record = {
        deviceId: truck.id,
        message: message(10),
        position: position(10),
        events: [{ type: 'sos' as const, time: T0 + 10 }],
      };
      const r = accepted((await commit(s, [record])).records[0]);
      expect(r.message).not.toBeNull();
      expect(r.position?.messageId).toBe(r.message!.id);
      expect(r.events[0]).toMatchObject({ positionId: r.position!.id, messageId: r.message!.id });
      const [listed] = (await s.listPositions({ deviceId: truck.id, limit: 1 })).items;
      expect(listed?.messageId).toBe(r.message!.id);
    });

    it('links a new position to the stored copy of a repeated message', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const first = accepted((await commit(s, [{ deviceId: truck.id, message: message(10) }])).records[0]);
      const later = { deviceId: truck.id, message: message(10), position: position(10) };
      const r = accepted((await commit(s, [later])).records[0]);
      expect(r.message).toBeNull();
      expect(r.position?.messageId).toBe(first.message!.id);
    });

    it('links a new position to the stored copy of a repeated message with a vendor id', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const feed = (name: string) =>
        s.createSource({ groupId: groups.fleet.id, vendor: 'spot', kind: 'pull', name });
      const [a, b] = [await feed('a'), await feed('b')];
      const m = message(10, { sourceMessageId: 'm-1' });
      await commit(s, [{ deviceId: truck.id, message: m }], { sourceId: a.id });
      const fromB = accepted(
        (await commit(s, [{ deviceId: truck.id, message: m }], { sourceId: b.id })).records[0],
      );
      const later = { deviceId: truck.id, message: m, position: position(10) };
      const r = accepted((await commit(s, [later], { sourceId: b.id })).records[0]);
      expect(r.position?.messageId).toBe(fromB.message!.id);
    });

    it('keeps the latest position when older data arrives later', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(200, 50) }]);
      await commit(s, [{ deviceId: truck.id, position: position(100, 51) }]);
      expect((await s.getDevice(truck.id))?.latestPosition).toMatchObject({ fixTime: T0 + 200, lat: 50 });
      // Out of order within one batch too.
      await commit(s, [
        { deviceId: truck.id, position: position(400, 52) },
        { deviceId: truck.id, position: position(300, 53) },
      ]);
      expect((await s.getDevice(truck.id))?.latestPosition).toMatchObject({ fixTime: T0 + 400, lat: 52 });
      const { items } = await s.listDevices({ scope: groups.fleet.path, limit: 10 });
      expect(items.find((d) => d.id === truck.id)?.latestPosition?.fixTime).toBe(T0 + 400);
    });

    it('keeps the latest position of each device apart', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      await commit(s, [
        { deviceId: truck.id, position: position(100, 50) },
        { deviceId: van.id, position: position(50, 60) },
      ]);
      expect((await s.getDevice(truck.id))?.latestPosition).toMatchObject({ deviceId: truck.id, lat: 50 });
      expect((await s.getDevice(van.id))?.latestPosition).toMatchObject({ deviceId: van.id, lat: 60 });
    });

    it('records when a device was last seen and never moves it back', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, message: message(1) }], { receivedTime: T0 + 5000 });
      expect((await s.getDevice(truck.id))?.lastSeen).toBe(T0 + 5000);
      await commit(s, [{ deviceId: truck.id, message: message(2) }], { receivedTime: T0 + 4000 });
      expect((await s.getDevice(truck.id))?.lastSeen).toBe(T0 + 5000);
      expect((await s.getDevice(van.id))?.lastSeen).toBeNull();
    });

    it('does not count events alone, such as derived alarms, as the device being seen', async (s) => {
      const { truck } = await fleetWithDevices(s);
      await commit(s, [{ deviceId: truck.id, position: position(100, 50) }], { receivedTime: T0 + 5000 });
      await commit(s, [{ deviceId: truck.id, events: [{ type: 'device-silent', time: T0 + 9000 }] }], {
        receivedTime: T0 + 9000,
      });
      expect((await s.getDevice(truck.id))?.lastSeen).toBe(T0 + 5000);
    });

    it('commits the source cursor with the batch', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const src = await s.createSource({
        groupId: groups.fleet.id,
        vendor: 'spot',
        kind: 'pull',
        name: 'feed',
      });
      const sourceCursor = { sourceId: src.id, cursor: 'page-2' };
      await commit(s, [{ deviceId: truck.id, position: position(1) }], { sourceId: src.id, sourceCursor });
      expect((await s.getSource(src.id))?.cursor).toBe('page-2');
      // A page of nothing but duplicates, or of nothing at all, still moves the cursor on.
      await commit(s, [{ deviceId: truck.id, position: position(1) }], {
        sourceId: src.id,
        sourceCursor: { sourceId: src.id, cursor: 'page-3' },
      });
      expect((await s.getSource(src.id))?.cursor).toBe('page-3');
      await commit(s, [], { sourceId: src.id, sourceCursor: { sourceId: src.id, cursor: 'page-4' } });
      expect((await s.getSource(src.id))?.cursor).toBe('page-4');
    });

    it('commits nothing when the source cursor names a source that does not exist', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const failing = commit(s, [{ deviceId: truck.id, position: position(1) }], {
        sourceCursor: { sourceId: MISSING, cursor: 'page-2' },
      });
      await expect(failing).rejects.toThrow();
      expect((await s.listPositions({ deviceId: truck.id, limit: 10 })).items).toEqual([]);
    });

    const bad: [string, Omit<ResolvedRecord, 'deviceId'>][] = [
      ['a position', { position: position(2) }],
      ['a message', { message: message(2) }],
      ['only events', { events: [{ type: 'sos', time: T0 + 2 }] }],
    ];
    for (const [what, extra] of bad) {
      it(`commits nothing from a batch with ${what} of a device that does not exist`, async (s) => {
        const { groups, truck } = await fleetWithDevices(s);
        const src = await s.createSource({
          groupId: groups.fleet.id,
          vendor: 'spot',
          kind: 'pull',
          name: 'f',
        });
        await s.updateSource(src.id, { cursor: 'page-1' });
        const start = await s.sync({ scope: groups.root.path, after: null, limit: 100 });
        const good = {
          deviceId: truck.id,
          position: position(1),
          message: message(1),
          events: [{ type: 'sos' as const, time: T0 + 1 }],
        };
        const failing = commit(s, [good, { deviceId: MISSING, ...extra }], {
          sourceId: src.id,
          sourceCursor: { sourceId: src.id, cursor: 'page-2' },
        });
        await expect(failing).rejects.toThrow();
        expect((await s.getSource(src.id))?.cursor).toBe('page-1');
        expect((await s.listPositions({ deviceId: truck.id, limit: 10 })).items).toEqual([]);
        expect((await s.listMessages({ deviceId: truck.id, limit: 10 })).items).toEqual([]);
        expect((await s.listEvents({ scope: groups.root.path, limit: 10 })).items).toEqual([]);
        expect(await s.getDevice(truck.id)).toMatchObject({ lastSeen: null, latestPosition: null });
        const after = await s.sync({ scope: groups.root.path, after: start.next, limit: 100 });
        expect(after.records).toEqual([]);
        // The same records commit once the bad one is gone: the failure left no half-stored identities behind.
        expect((await commit(s, [good])).records[0]?.status).toBe('accepted');
      });
    }
  });
}
