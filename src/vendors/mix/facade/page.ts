import { deviceTimestampOf, type MixTrip } from '../wire/trip.ts';

/** Document 003: "Returns a maximum of 100 Trip resources". */
export const MAX_TRIPS = 100;

const second = (t: MixTrip) => Math.floor(deviceTimestampOf(t) / 1000);

/** The serving order: DeviceTimestamp, then vehicle and start, so that equal times come in a stable order. */
export function compareTrips(a: MixTrip, b: MixTrip): number {
  return (
    deviceTimestampOf(a) - deviceTimestampOf(b) ||
    (a.VehicleId < b.VehicleId ? -1 : a.VehicleId > b.VehicleId ? 1 : 0) ||
    a.StartTimestamp - b.StartTimestamp
  );
}

/**
 * One answer from trips sorted by `compareTrips`: the first 100. A client passes the latest DeviceTimestamp
 * back as `:since`, in whole seconds and inclusive, so the trips of that second come again (a repeat, never a
 * gap). Only when the 100 all share one second would passing it back return them forever: then the answer holds
 * every trip of that second and of the next second there is, so that the client moves on.
 */
export function cutPage<T>(sorted: readonly T[], trip: (item: T) => MixTrip, limit = MAX_TRIPS): T[] {
  if (sorted.length <= limit) return [...sorted];
  const first = second(trip(sorted[0]!));
  if (second(trip(sorted[limit - 1]!)) !== first) return sorted.slice(0, limit);
  let end = limit;
  while (end < sorted.length && second(trip(sorted[end]!)) === first) end++;
  const next = end < sorted.length ? second(trip(sorted[end]!)) : null;
  while (end < sorted.length && second(trip(sorted[end]!)) === next) end++;
  return sorted.slice(0, end);
}
