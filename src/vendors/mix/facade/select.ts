import type { StoredTrip } from '../../../model/derived.ts';
import type { Storage } from '../../../storage/storage.ts';
import { MIX_VENDOR } from '../connector/to-records.ts';
import { keyOf, type MixTripStore, type TripKey } from '../storage/store.ts';
import type { MixTrip } from '../wire/trip.ts';
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
  const derived = await derivedTrips(storage, store, scope, r.since, deviceIds, keep);
  const page = cutPage(
    [...imported, ...derived].sort((a, b) => compareTrips(a.trip, b.trip)),
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
 * Closed derived trips ending from `since` on. `:since` is at most an hour back, so this reads at most an hour
 * of trips; an open trip is not served, as MiX reports a trip once it ends.
 */
async function derivedTrips(
  storage: Storage,
  store: MixTripStore,
  scope: string,
  since: number,
  deviceIds: number[] | null,
  keep: (t: MixTrip) => boolean,
): Promise<SelectedTrip[]> {
  const wanted = deviceIds && new Set(deviceIds);
  const trips: StoredTrip[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listTrips({ scope, from: since - 1, limit: 1000, cursor });
    for (const t of page.items) {
      if (!t.open && t.endTime >= since && (!wanted || wanted.has(t.deviceId))) trips.push(t);
    }
    cursor = page.next;
  } while (cursor);
  const served = await store.devicesWithTrips([...new Set(trips.map((t) => t.deviceId))]);
  return trips
    .filter((t) => !served.has(t.deviceId))
    .map((t) => ({ deviceId: t.deviceId, trip: derivedTrip(t, null, null), derived: t }))
    .filter((s) => keep(s.trip));
}

async function withPositions(storage: Storage, t: StoredTrip): Promise<SelectedTrip> {
  const at = async (time: number) =>
    (await storage.listPositions({ deviceId: t.deviceId, from: time, to: time + 1, limit: 1 })).items[0] ??
    null;
  return { deviceId: t.deviceId, trip: derivedTrip(t, await at(t.startTime), await at(t.endTime)) };
}
