import type { MixTrip } from '../wire/trip.ts';

/** One imported trip: its vehicle's device, the trip message it was read from, and the trip. */
export interface ImportedTrip {
  deviceId: number;
  messageId: number;
  trip: MixTrip;
}

/** Where a read of trips in DeviceTimestamp order goes on: after this trip. */
export type TripKey = readonly [endTime: number, deviceId: number, startTime: number];

export interface TripQuery {
  /** Group path: trips of devices in this subtree only. */
  scope: string;
  /** Trips whose DeviceTimestamp (end) is at or after this. */
  from: number;
  after?: TripKey | null;
  /** Only these devices, when given. */
  deviceIds?: readonly number[] | null;
  limit: number;
}

/** The MiX vendor's own table (storage/<database>/*.sql): imported trips, one per vehicle and start time. */
export interface MixTripStore {
  /** Upserts by (device, start time); a version from a later message replaces the earlier, never the reverse. */
  save(trips: readonly ImportedTrip[]): Promise<void>;
  /** Trips in DeviceTimestamp order, then device and start time. */
  since(query: TripQuery): Promise<ImportedTrip[]>;
  /** Which of these devices have imported trips. */
  devicesWithTrips(deviceIds: readonly number[]): Promise<Set<number>>;
}

/** One version per trip, the latest (a page of messages may hold two versions of one trip). */
export function latestVersions(trips: readonly ImportedTrip[]): ImportedTrip[] {
  const byKey = new Map<string, ImportedTrip>();
  for (const t of trips) {
    const key = `${t.deviceId}:${t.trip.StartTimestamp}`;
    const seen = byKey.get(key);
    if (!seen || t.messageId > seen.messageId) byKey.set(key, t);
  }
  return [...byKey.values()];
}

export const keyOf = (t: ImportedTrip): TripKey => [t.trip.EndTimestamp, t.deviceId, t.trip.StartTimestamp];
