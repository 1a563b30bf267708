import type { StoredTrip } from '../../model/derived.ts';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const iso = (t: number) => new Date(t).toISOString();

/**
 * A trip's fields as users read them (times in ISO 8601 UTC, distance in metres, duration in seconds, speeds in
 * km/h): one shape for the trips report and every trips export, so a column means the same wherever it appears.
 */
export function tripRecord(t: StoredTrip) {
  return {
    deviceId: t.deviceId,
    startTime: iso(t.startTime),
    endTime: iso(t.endTime),
    startLatitude: t.startLat,
    startLongitude: t.startLon,
    endLatitude: t.endLat,
    endLongitude: t.endLon,
    distance: round(t.distance),
    durationSeconds: Math.round(t.duration / 1000),
    maxSpeed: round(t.maxSpeed),
    avgSpeed: round(t.avgSpeed),
    overspeedCount: t.overspeedCount,
    harshAccelerationCount: t.harshAccelerationCount,
    harshBrakingCount: t.harshBrakingCount,
    maxAcceleration: t.maxAcceleration == null ? null : round(t.maxAcceleration, 2),
    maxBraking: t.maxBraking == null ? null : round(t.maxBraking, 2),
    startOdometer: t.startOdometer,
    endOdometer: t.endOdometer,
    open: t.open,
  };
}

export type TripRecord = ReturnType<typeof tripRecord>;

/** Every field once, in column order; the type makes the compiler refuse a field missing or left over. */
const COLUMNS: Record<keyof TripRecord, true> = {
  deviceId: true,
  startTime: true,
  endTime: true,
  startLatitude: true,
  startLongitude: true,
  endLatitude: true,
  endLongitude: true,
  distance: true,
  durationSeconds: true,
  maxSpeed: true,
  avgSpeed: true,
  overspeedCount: true,
  harshAccelerationCount: true,
  harshBrakingCount: true,
  maxAcceleration: true,
  maxBraking: true,
  startOdometer: true,
  endOdometer: true,
  open: true,
};
export const TRIP_FIELDS = Object.keys(COLUMNS) as (keyof TripRecord)[];
