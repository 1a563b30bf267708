import { describe, expect, it } from 'vitest';
import type { StoredStop, StoredTrip } from '../model/derived.ts';
import { dailySummaries } from './build.ts';

const at = (s: string) => Date.parse(s);
const MIN = 60_000;
const HOUR = 60 * MIN;

const trip = (start: string, end: string, distance: number, maxSpeed: number): StoredTrip => ({
  id: 1,
  deviceId: 7,
  startTime: at(start),
  endTime: at(end),
  startLat: 47.37,
  startLon: 8.54,
  endLat: 47.37,
  endLon: 8.6,
  distance,
  duration: at(end) - at(start),
  maxSpeed,
  avgSpeed: 50,
  overspeedCount: 0,
  harshAccelerationCount: 0,
  harshBrakingCount: 0,
  maxAcceleration: null,
  maxBraking: null,
  startOdometer: null,
  endOdometer: null,
  open: false,
  jumps: 0,
});
const stop = (start: string, end: string): StoredStop => ({
  id: 1,
  deviceId: 7,
  startTime: at(start),
  endTime: at(end),
  lat: 47.37,
  lon: 8.54,
  duration: at(end) - at(start),
  placeId: null,
  open: false,
});
const summary = (day: string, fields: object) => ({ deviceId: 7, day, ...fields });

describe('daily summaries', () => {
  // 23:30 to 00:30 in Zurich (UTC+1 in winter): all of it before UTC midnight.
  const lateTrip = trip('2024-01-15T22:30Z', '2024-01-15T23:30Z', 40_000, 90);
  const from = at('2024-01-15T00:00Z');
  const to = at('2024-01-17T00:00Z');

  it('cuts days at UTC midnight by default', () => {
    expect(dailySummaries([lateTrip], [], from, to)).toEqual([
      summary('2024-01-15', { distance: 40_000, drivingTime: HOUR, idleTime: 0, maxSpeed: 90, trips: 1 }),
    ]);
  });

  it('splits a trip across local midnight, counting it on the local day it starts', () => {
    expect(dailySummaries([lateTrip], [], from, to, 'Europe/Zurich')).toEqual([
      summary('2024-01-15', { distance: 40_000, drivingTime: 30 * MIN, idleTime: 0, maxSpeed: 90, trips: 1 }),
      summary('2024-01-16', { distance: 0, drivingTime: 30 * MIN, idleTime: 0, maxSpeed: 0, trips: 0 }),
    ]);
  });

  it('gives the day the clocks go forward 23 hours', () => {
    // Parked from noon UTC on 30 March to noon UTC on 1 April 2024; Zurich went to summer time on 31 March.
    const parked = stop('2024-03-30T12:00Z', '2024-04-01T12:00Z');
    const rows = dailySummaries(
      [],
      [parked],
      at('2024-03-30T00:00Z'),
      at('2024-04-02T00:00Z'),
      'Europe/Zurich',
    );
    expect(rows.map((r) => [r.day, r.idleTime / HOUR])).toEqual([
      ['2024-03-30', 11],
      ['2024-03-31', 23],
      ['2024-04-01', 14],
    ]);
  });

  it('counts only the part of the range within a local day', () => {
    const rows = dailySummaries(
      [],
      [stop('2024-01-15T20:00Z', '2024-01-16T02:00Z')],
      at('2024-01-15T22:00Z'),
      at('2024-01-16T01:00Z'),
      'Europe/Zurich',
    );
    expect(rows.map((r) => [r.day, r.idleTime / HOUR])).toEqual([
      ['2024-01-15', 1],
      ['2024-01-16', 2],
    ]);
  });
});
