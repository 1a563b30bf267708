import type { Connector, PageResult } from '../../../ingest/connector.ts';
import { RetryableError } from '../../../ingest/errors.ts';
import { statusError, type HttpFetch } from '../../../ingest/http.ts';
import { formatSince } from '../wire/dates.ts';
import { MixFormatError, parseTripsArray, readTrip } from '../wire/parse-trips.ts';
import { deviceTimestampOf } from '../wire/trip.ts';
import { readCursor, writeCursor, type MixCursor } from './cursor.ts';
import { readSettings, tripsUrl, type MixSourceSettings } from './settings.ts';
import { MIX_VENDOR, tripRecords } from './to-records.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Document 003: "Returns a maximum of 100 Trip resources"; a full page means more is waiting. */
export const PAGE_LIMIT = 100;
/**
 * How far inside the one-hour limit a request stays: covers the request's time in flight, the `Date` header's
 * whole seconds and our clock drifting since the server's time was last read.
 */
export const LIMIT_MARGIN_MS = MINUTE;

/**
 * Pulls trips of a MiX account with `GET /trips/:since`, passing back the latest DeviceTimestamp seen. `:since`
 * may not be more than an hour before the server's time (document 003: 413 otherwise), judged on the server's
 * clock from its `Date` header: a source that was stopped longer restarts an hour back and records the window it
 * could not fetch. Settings: `baseUrl`, `token`, and optionally `organisationId`, `systemType`, `vehicleIds`.
 */
export const mixConnector: Connector = {
  vendor: MIX_VENDOR,
  rates: {
    sourceIntervalMs: MINUTE,
    // The document states no rate limit; one request a second keeps a shared account polite.
    vendorSpacingMs: 1000,
    backoff: { initialMs: MINUTE, factor: 2, maxMs: HOUR },
  },
  async fetchPage({ source, cursor, fetch }): Promise<PageResult> {
    const settings = readSettings(source.settings);
    const state = readCursor(cursor);
    if (!state) return probe(fetch, settings);
    // The oldest :since the server takes now, on its clock as last read.
    const floor = Date.now() + state.skew - HOUR + LIMIT_MARGIN_MS;
    const since = Math.max(state.since, floor);
    const res = await get(fetch, settings, since);
    if (res.status === 413) return restart(res, state, since);
    const skew = skewOf(res) ?? state.skew;
    const { trips, records } = await read(res, settings);
    const newest = Math.max(since, ...trips.map(deviceTimestampOf));
    const full = trips.length >= PAGE_LIMIT;
    // A page short of 100 read everything there was; a full one, everything up to its latest trip.
    const next: MixCursor = { since: newest, checked: full ? newest : Date.now() + skew, skew };
    // Moved up to the floor past what was read: the window between could not be fetched. A source that polled
    // through a quiet hour read it all (`checked` is recent) and only moves `since` on.
    if (since > state.since && state.checked < since) next.gap = { from: state.checked, to: since };
    return { records, cursor: writeCursor(next), more: full };
  },
};

/** Where a source (re)starts: an hour back on the server's clock, with room for a few requests' time. */
function startAt(serverNow: number): MixCursor {
  const since = serverNow - HOUR + 2 * LIMIT_MARGIN_MS;
  return { since, checked: since, skew: serverNow - Date.now() };
}

/**
 * A new source reads the server's time first, from the answer to a request that cannot be too old (`:since` a
 * day ahead of our clock: it brings no trips), then starts an hour back on the server's clock.
 */
async function probe(fetch: HttpFetch, settings: MixSourceSettings): Promise<PageResult> {
  const res = await get(fetch, settings, Date.now() + 24 * HOUR);
  return { records: [], cursor: writeCursor(startAt(serverTime(res))), more: true };
}

/** A 413 that came anyway (our idea of the server's time was off): restart an hour back on its `Date`. */
function restart(res: Response, state: MixCursor, asked: number): PageResult {
  const serverNow = serverTime(res);
  if (asked >= serverNow - HOUR) {
    // The server's own clock says the request was within the hour: asking again would loop on 413.
    throw new RetryableError('MiX answered 413 for a :since within the hour of its own Date header');
  }
  const next = startAt(serverNow);
  if (state.checked < next.since) next.gap = { from: state.checked, to: next.since };
  return { records: [], cursor: writeCursor(next), more: true };
}

async function get(fetch: HttpFetch, settings: MixSourceSettings, since: number): Promise<Response> {
  const res = await fetch(tripsUrl(settings, formatSince(since)), {
    headers: { 'x-auth': settings.token, accept: 'application/json' },
  });
  if (!res.ok && res.status !== 413) throw statusError(res, 'MiX GET /trips');
  return res;
}

async function read(res: Response, settings: MixSourceSettings) {
  try {
    const parsed = parseTripsArray(await res.text()).map((raw, i) => ({
      raw,
      trip: readTrip(raw, `trip ${i}`),
    }));
    const wanted = new Set(settings.vehicleIds);
    // The filter is sent as vehicle_ids; a server that ignores it must not bring other vehicles in.
    const kept = wanted.size ? parsed.filter((p) => wanted.has(p.trip.VehicleId)) : parsed;
    return { trips: parsed.map((p) => p.trip), records: kept.flatMap((p) => tripRecords(p.trip, p.raw)) };
  } catch (err) {
    if (err instanceof MixFormatError)
      throw new RetryableError(`MiX GET /trips: ${err.message}`, { cause: err });
    throw err;
  }
}

function skewOf(res: Response): number | null {
  const date = Date.parse(res.headers.get('date') ?? '');
  return Number.isFinite(date) ? date - Date.now() : null;
}

function serverTime(res: Response): number {
  const skew = skewOf(res);
  if (skew == null)
    throw new RetryableError('MiX GET /trips: the answer has no Date header to read its time from');
  return Date.now() + skew;
}
