import { describe, expect } from 'vitest';
import type { Trip } from '../../model/derived.ts';
import type { NewStop } from '../derived.ts';
import { allPages, commit, fleetWithDevices, storageIt, T0, type OpenStorage } from './fixtures.ts';

const trip = (start: number, end: number, extra: Partial<Trip> = {}): Trip => ({
  deviceId: 0,
  startTime: T0 + start,
  endTime: T0 + end,
  startLat: 52.5,
  startLon: 13.4,
  endLat: 52.6,
  endLon: 13.5,
  distance: 1234.5,
  duration: end - start,
  maxSpeed: 80,
  avgSpeed: 40,
  overspeedCount: 1,
  harshAccelerationCount: 2,
  harshBrakingCount: 3,
  maxAcceleration: 3.5,
  maxBraking: null,
  startOdometer: 100,
  endOdometer: 1334.5,
  open: false,
  jumps: 1,
  ...extra,
});

const stop = (start: number, end: number, extra: Partial<NewStop> = {}): NewStop => ({
  deviceId: 0,
  startTime: T0 + start,
  endTime: T0 + end,
  lat: 52.5,
  lon: 13.4,
  duration: end - start,
  placeId: null,
  open: false,
  ...extra,
});

/** Trips, stops and derivation state: upserts by start, replacement of a replayed span, scoped listing. */
export function describeDerived(open: OpenStorage) {
  const it = storageIt(open);
  describe('derived trips, stops and state', () => {
    it('keeps machine state per device and machine, replacing it on save', async (s) => {
      const { truck } = await fleetWithDevices(s);
      expect(await s.getDeriveState(truck.id, 'derive')).toBeNull();
      await s.saveDerived([{ deviceId: truck.id, machine: 'derive', state: { a: 1 }, trips: [], stops: [] }]);
      await s.saveDerived([{ deviceId: truck.id, machine: 'derive', state: { a: 2 }, trips: [], stops: [] }]);
      expect(await s.getDeriveState(truck.id, 'derive')).toEqual({ a: 2 });
    });

    it('saves, reads and drops checkpoints of the machine state by time', async (s) => {
      const { truck } = await fleetWithDevices(s);
      const base = { deviceId: truck.id, machine: 'derive', state: {}, trips: [], stops: [] };
      await s.saveDerived([
        {
          ...base,
          checkpoints: {
            save: [
              { time: 1000, state: '{"k":1}' },
              { time: 2000, state: '{"k":2}' },
            ],
            drop: [],
          },
        },
      ]);
      await s.saveDerived([{ ...base, checkpoints: { save: [], drop: [1000] } }]);
      expect(await s.deriveCheckpoint(truck.id, 'derive', 1000)).toBeNull();
      expect(await s.deriveCheckpoint(truck.id, 'derive', 2000)).toEqual({ k: 2 });
      expect(await s.deriveCheckpoint(truck.id, 'other', 2000)).toBeNull();
    });

    it('reads the states of several devices at once, leaving out those without one', async (s) => {
      const { truck, van } = await fleetWithDevices(s);
      await s.saveDerived([
        { deviceId: truck.id, machine: 'derive', state: { t: 1 }, trips: [], stops: [] },
        { deviceId: van.id, machine: 'other', state: { v: 1 }, trips: [], stops: [] },
      ]);
      expect(await s.getDeriveStates([truck.id, van.id, van.id + 1000], 'derive')).toEqual(
        new Map([[truck.id, { t: 1 }]]),
      );
      expect(await s.getDeriveStates([], 'derive')).toEqual(new Map());
    });

    it('upserts trips and stops by start time and round-trips every field', async (s) => {
      const { groups, truck } = await fleetWithDevices(s);
      const base = { deviceId: truck.id, machine: 'derive', state: {} };
      await s.saveDerived([
        {
          ...base,
          trips: [trip(0, 60, { open: true })],
          stops: [stop(60, 90, { open: true })],
        },
      ]);
      await s.saveDerived([{ ...base, trips: [trip(0, 120)], stops: [stop(60, 200, { resume: { x: 1 } })] }]);
      const trips = (await s.listTrips({ scope: groups.fleet.path, limit: 10 })).items;
      expect(trips.map(({ id: _id, ...t }) => t)).toEqual([{ ...trip(0, 120), deviceId: truck.id }]);
      const stops = (await s.listStops({ scope: groups.fleet.path, deviceId: truck.id, limit: 10 })).items;
      expect(stops.map(({ id: _id, ...x }) => x)).toEqual([
        { ...stop(60, 200), deviceId: truck.id, open: false },
      ]);
      expect(await s.stopResume(truck.id, T0 + 60)).toEqual({ x: 1 });
    });

    it('replaces a span: trips and stops from its start, leaving events to the commit path', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const base = { machine: 'derive', state: {} };
      await s.saveDerived([
        {
          ...base,
          deviceId: truck.id,
          trips: [trip(0, 10), trip(20, 30)],
          stops: [stop(10, 20), stop(30, 40)],
        },
      ]);
      await s.saveDerived([{ ...base, deviceId: van.id, trips: [trip(20, 30)], stops: [] }]);
      await commit(s, [
        {
          deviceId: truck.id,
          events: [
            { type: 'trip-start', time: T0 + 0 },
            { type: 'trip-start', time: T0 + 20 },
          ],
        },
        {
          deviceId: truck.id,
          events: [
            { type: 'sos', time: T0 + 25 },
            { type: 'place-enter', time: T0 + 20, key: '1' },
          ],
        },
        { deviceId: van.id, events: [{ type: 'trip-start', time: T0 + 20 }] },
      ]);
      await s.saveDerived([
        {
          ...base,
          deviceId: truck.id,
          replace: { from: T0 + 10 },
          trips: [trip(25, 35)],
          stops: [stop(10, 25)],
        },
      ]);
      const scope = groups.root.path;
      const starts = async (deviceId: number) => ({
        trips: (await s.listTrips({ scope, deviceId, limit: 10 })).items.map((t) => t.startTime - T0),
        stops: (await s.listStops({ scope, deviceId, limit: 10 })).items.map((x) => x.startTime - T0),
        events: (await s.listEvents({ scope, deviceId, limit: 10 })).items.map(
          (e) => `${e.type}@${e.time - T0}`,
        ),
      });
      expect(await starts(truck.id)).toEqual({
        trips: [0, 25],
        stops: [10],
        events: ['trip-start@0', 'trip-start@20', 'place-enter@20', 'sos@25'],
      });
      expect(await starts(van.id)).toEqual({ trips: [20], stops: [], events: ['trip-start@20'] });
      expect(await s.stopStartsBefore(truck.id, T0 + 100, 2)).toEqual([T0 + 10]);
    });

    it('lists spans overlapping a range, within the scope, paged', async (s) => {
      const { groups, truck, van, stranger } = await fleetWithDevices(s);
      const base = { machine: 'derive', state: {}, stops: [] };
      await s.saveDerived([
        { ...base, deviceId: truck.id, trips: [trip(0, 10), trip(20, 30), trip(40, 50)] },
      ]);
      await s.saveDerived([{ ...base, deviceId: van.id, trips: [trip(25, 45)] }]);
      await s.saveDerived([{ ...base, deviceId: stranger.id, trips: [trip(25, 45)] }]);
      const pages = await allPages((cursor) =>
        s.listTrips({ scope: groups.fleet.path, from: T0 + 5, to: T0 + 41, cursor, limit: 2 }),
      );
      expect(pages.flat().map((t) => [t.deviceId, t.startTime - T0])).toEqual([
        [truck.id, 0],
        [truck.id, 20],
        [van.id, 25],
        [truck.id, 40],
      ]);
      const vans = await s.listTrips({ scope: groups.fleet.path, groupId: groups.vans.id, limit: 10 });
      expect(vans.items.map((t) => t.deviceId)).toEqual([van.id]);
    });
  });
}
