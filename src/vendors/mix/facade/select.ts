import type { StoredTrip } from '../../../model/derived.ts';
import type { Storage } from '../../../storage/storage.ts';
import { MIX_VENDOR } from '../connector/to-records.ts';
import { keyOf, type MixTripStore, type TripKey } from '../storage/store.ts';
import { deviceTimestampOf, type MixTrip } from '../wire/trip.ts';
import type { MixCaller } from './auth.ts';
import { derivedTrip } from './from-derived.ts';
import { compareTrips, cutPage, MAX_TRIPS } from './page.ts';
import type { TripsRequest } from './request.ts';

/** A trip to serve and the device it belongs to; `derived` until its positions are read. */
export interface SelectedTrip {
  deviceId: number;
  trip: MixTrip;
  derived?: StoredTrip;
}

const CHUNK = 250;
const MINUTE = 60_000;
const second = (t: SelectedTrip) => Math.floor(t.trip.EndTimestamp / 1000);

/**
 * The trips of one answer: imported MiX trips, and the trips Trackway derived for every other device (a device
 * with imported trips is served from those, the vendor's own account of its trips), from `:since` on, in
 * DeviceTimestamp order, cut to 100 (see `cutPage`).
 */
export async function selectTrips(
  storage: Storage,
  store: MixTripStore,
  caller: MixCaller,
  r: TripsRequest,
  now: number,
): Promise<SelectedTrip[]> {
  const scope = await scopeOf(storage, caller, r.organisationId);
  if (scope == null) return [];
  const vehicles = r.vehicleIds ? await vehicleDevices(storage, r.vehicleIds) : null;
  const systemType = r.systemType?.toLowerCase();
  const keep = (t: MixTrip) =>
    (!systemType || t.SystemType?.toLowerCase() === systemType) &&
    (!vehicles || vehicles.ids.has(t.VehicleId)) &&
    (!r.driverIds || r.driverIds.includes(t.DriverId ?? ''));
  const deviceIds = vehicles ? [...vehicles.deviceIds] : null;
  const imported = await importedTrips(store, scope, r.since, deviceIds, keep);
  const derived = await derivedTrips(storage, store, scope, r.since, deviceIds, keep, now);
  const page = cutPage(
    [...imported, ...derived.trips]
      .filter((s) => deviceTimestampOf(s.trip) < derived.horizon)
      .sort((a, b) => compareTrips(a.trip, b.trip)),
    (s) => s.trip,
  );
  return Promise.all(page.map((s) => (s.derived ? withPositions(storage, s.derived) : s)));
}

/** The caller's subtree, or the organisation's (a group) inside it; null for one it cannot see. */
async function scopeOf(storage: Storage, caller: MixCaller, organisationId: number | null) {
  if (organisationId == null) return caller.scope;
  const group = await storage.getGroup(organisationId);
  return group && group.path.startsWith(caller.scope) ? group.path : null;
}

/** Vehicle ids as served: a MiX VehicleId (imported trips) or a device's stable id (derived trips). */
async function vehicleDevices(storage: Storage, ids: string[]) {
  const found = await storage.resolveDevices(
    ids.map((externalId) => ({ vendor: MIX_VENDOR, externalId })),
    null,
  );
  const deviceIds = new Set([...found.values()].map((d) => d.deviceId));
  for (const id of ids) if (/^\d+$/.test(id) && Number.isSafeInteger(Number(id))) deviceIds.add(Number(id));
  return { ids: new Set(ids), deviceIds };
}

/**
 * Imported trips from `since`, as many as an answer can need: past the 100th kept, through the whole next second
 * there is (`cutPage` may take that far).
 */
async function importedTrips(
  store: MixTripStore,
  scope: string,
  since: number,
  deviceIds: number[] | null,
  keep: (t: MixTrip) => boolean,
): Promise<SelectedTrip[]> {
  const kept: SelectedTrip[] = [];
  let after: TripKey | null = null;
  for (;;) {
    const chunk = await store.since({ scope, from: since, after, deviceIds, limit: CHUNK });
    for (const c of chunk) if (keep(c.trip)) kept.push({ deviceId: c.deviceId, trip: c.trip });
    if (chunk.length < CHUNK || enough(kept)) return kept;
    after = keyOf(chunk.at(-1)!);
  }
}

function enough(kept: SelectedTrip[]): boolean {
  if (kept.length <= MAX_TRIPS) return false;
  const cut = second(kept[MAX_TRIPS - 1]!);
  const later = kept.slice(MAX_TRIPS).filter((k) => second(k) > cut);
  return later.some((k) => second(k) > second(later[0]!));
}

/**
 * Closed derived trips ending from `since` on, and the horizon of the answer. `:since` is at most an hour back,
 * so this reads at most about an hour of trips. An open trip is not served, as MiX reports a trip once it ends;
 * and since a trip closes only once its stop is confirmed, minutes after it ended, no trip ending after what an
 * open trip may still end at is served yet: a client passing the latest DeviceTimestamp back would otherwise
 * pass over the trip that closes later with an earlier end.
 */
async function derivedTrips(
  storage: Storage,
  store: MixTripStore,
  scope: string,
  since: number,
  deviceIds: number[] | null,
  keep: (t: MixTrip) => boolean,
  now: number,
): Promise<{ trips: SelectedTrip[]; horizon: number }> {
  const wanted = deviceIds && new Set(deviceIds);
  const closed: StoredTrip[] = [];
  const open: StoredTrip[] = [];
  let cursor: string | null = null;
  do {
    const from = Math.min(since, now - QUIET_MS) - 1;
    const page = await storage.listTrips({ scope, from, limit: 1000, cursor });
    for (const t of page.items) {
      if (wanted && !wanted.has(t.deviceId)) continue;
      if (t.open) open.push(t);
      else if (t.endTime >= since) closed.push(t);
    }
    cursor = page.next;
  } while (cursor);
  const served = await store.devicesWithTrips([...new Set([...closed, ...open].map((t) => t.deviceId))]);
  const trips = closed
    .filter((t) => !served.has(t.deviceId))
    .map((t) => ({ deviceId: t.deviceId, trip: derivedTrip(t, null, null), derived: t }))
    .filter((s) => keep(s.trip));
  return {
    trips,
    horizon: horizonOf(
      open.filter((t) => !served.has(t.deviceId)),
      now,
    ),
  };
}

/**
 * How far before an open trip's latest fix its end may still land: a trip ends where its stop began, and the stop
 * is confirmed after `stopDwell` (3 minutes by default; this leaves room for groups that set it longer).
 */
export const CLOSING_MS = 10 * MINUTE;
/** An open trip whose latest fix is older than this is a device gone quiet, not a trip about to close. */
export const QUIET_MS = 30 * MINUTE;

/** Trips ending before this time are all closed, bar data arriving late: the answer stops short of it. */
export function horizonOf(open: readonly StoredTrip[], now: number): number {
  let horizon = Infinity;
  for (const t of open) if (t.endTime >= now - QUIET_MS) horizon = Math.min(horizon, t.endTime - CLOSING_MS);
  return horizon;
}

async function withPositions(storage: Storage, t: StoredTrip): Promise<SelectedTrip> {
  const at = async (time: number) =>
    (await storage.listPositions({ deviceId: t.deviceId, from: time, to: time + 1, limit: 1 })).items[0] ??
    null;
  return { deviceId: t.deviceId, trip: derivedTrip(t, await at(t.startTime), await at(t.endTime)) };
}
