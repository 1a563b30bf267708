import type { Principal } from '../../../api/auth.ts';
import type { Source } from '../../../model/records.ts';
import type { TimelineEntry } from '../../../storage/entries.ts';
import type { Storage } from '../../../storage/storage.ts';
import type { FaLocation } from '../wire.ts';
import { faErrors } from './errors.ts';
import type { LocationsQuery } from './locations-query.ts';
import { presentLocation } from './present.ts';

/** An app as this API serves it: a source the caller may see, and the devices whose positions are its locations. */
export interface ServedApp {
  source: Source;
  applicationId: string;
  /** Trackway device id → the device id this API shows (its identity under the source's vendor). */
  devices: Map<number, string>;
}

/**
 * The app `{app}` names: a source of the caller's subtree, by its id or its FollowAnalytics app identifier, of
 * any vendor. Its locations are the positions of the devices of its group and sub-groups known under its vendor:
 * the phones of an OwnTracks or OsmAnd source are served as well as those pulled from FollowAnalytics.
 */
export async function findApp(storage: Storage, principal: Principal, app: string): Promise<ServedApp> {
  const sources = await storage.listSources(principal.scope);
  const source =
    sources.find((s) => s.settings.appIdentifier === app) ??
    (/^\d+$/.test(app) ? sources.find((s) => s.id === Number(app)) : undefined);
  const group = source && (await storage.getGroup(source.groupId));
  if (!source || !group) throw faErrors.appNotFound();
  const devices = new Map<number, string>();
  let cursor: string | null = null;
  do {
    const page = await storage.listDevices({ scope: group.path, cursor, limit: 1000 });
    for (const d of page.items) {
      const identity = d.externalIds.find((e) => e.vendor === source.vendor);
      if (identity) devices.set(d.id, identity.externalId);
    }
    cursor = page.next;
  } while (cursor);
  const identifier = source.settings.appIdentifier;
  return { source, applicationId: typeof identifier === 'string' ? identifier : String(source.id), devices };
}

/** Filters the storage query cannot apply: they are applied while reading, over the whole time range. */
const needsScan = (q: LocationsQuery) => q.sessionIds.length > 0 || q.latitude != null || q.longitude != null;

const SCAN_BATCH = 5000;

/**
 * One page of the app's locations, newest first, and how many match: positions only (a message without a
 * position is no location).
 */
export async function locationsPage(
  storage: Storage,
  app: ServedApp,
  q: LocationsQuery,
): Promise<{ total: number; items: FaLocation[] }> {
  const offset = (q.page - 1) * q.perPage;
  if (!needsScan(q)) {
    const { total, items } = await storage.listTimeline({ ...range(app, q), offset, limit: q.perPage });
    return { total, items: present(app, q, items) };
  }
  let total = 0;
  const items: FaLocation[] = [];
  for await (const batch of scan(storage, app, q)) {
    for (const location of batch) {
      if (total >= offset && items.length < q.perPage) items.push(location);
      total++;
    }
  }
  return { total, items };
}

/** Every matching location, newest first, in batches: what the CSV export streams. */
export async function* scan(
  storage: Storage,
  app: ServedApp,
  q: LocationsQuery,
): AsyncGenerator<FaLocation[]> {
  const base = range(app, q);
  const sessions = new Set(q.sessionIds);
  for (let offset = 0; ; offset += SCAN_BATCH) {
    const { items } = await storage.listTimeline({ ...base, offset, limit: SCAN_BATCH });
    const kept = items.filter(
      (e) =>
        e.position != null &&
        (!sessions.size || sessions.has(String(e.position.attributes.session_id))) &&
        (q.latitude == null || e.position.lat === q.latitude) &&
        (q.longitude == null || e.position.lon === q.longitude),
    );
    if (kept.length) yield present(app, q, kept);
    if (items.length < SCAN_BATCH) return;
  }
}

function range(app: ServedApp, q: LocationsQuery) {
  const wanted = new Set(q.deviceIds);
  const deviceIds = [...app.devices]
    .filter(([, shown]) => !wanted.size || wanted.has(shown))
    .map(([id]) => id);
  return {
    deviceIds,
    from: q.since ?? 0,
    to: q.until ?? Number.MAX_SAFE_INTEGER,
    // Messages without a position are no locations: no message type is asked for.
    messageTypes: [],
  };
}

function present(app: ServedApp, q: LocationsQuery, entries: TimelineEntry[]): FaLocation[] {
  return entries.flatMap((e) =>
    e.position
      ? [
          presentLocation(
            e.position,
            { deviceId: app.devices.get(e.deviceId)!, applicationId: app.applicationId },
            q.fields,
          ),
        ]
      : [],
  );
}
