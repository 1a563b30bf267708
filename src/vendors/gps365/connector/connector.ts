import type { Connector, DeviceInfo, PageResult } from '../../../ingest/connector.ts';
import { RetryableError } from '../../../ingest/errors.ts';
import type { HttpFetch } from '../../../ingest/http.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import { GPS365_VENDOR, type Gps365Coordinate, type Gps365Tracker } from '../coordinate.ts';
import { FIVE_WEEKS, formatGps365Date, parseGps365Date, SECOND } from '../dates.ts';
import { callGps365, Gps365Error } from './client.ts';
import {
  backfillFor,
  LIVE_INTERVAL_MS,
  nextStep,
  readCursor,
  writeCursor,
  type Gps365Cursor,
} from './cursor.ts';
import { readSettings, type Gps365Settings } from './settings.ts';
import { toRecord, trackerInfo } from './to-record.ts';

const MINUTE = 60_000;

interface StepResult {
  records: IngestRecord[];
  devices?: DeviceInfo[];
}

type Step = (c: Gps365Cursor, s: Gps365Settings, fetch: HttpFetch, now: number) => Promise<StepResult>;

/**
 * Pulls one GPS365 account (settings `baseUrl`, `apiToken`): its trackers onto devices, a live tail by server
 * time, a backfill by tracker time, and optionally `coordinates/live`. One request per page; the cursor
 * (./cursor.ts) says which.
 */
export function createGps365Connector(clock: { now(): number } = Date): Connector {
  const steps: Record<'trackers' | 'tail' | 'backfill' | 'live', Step> = {
    trackers: syncTrackers,
    tail: tailPage,
    backfill: backfillPage,
    live: livePage,
  };
  return {
    vendor: GPS365_VENDOR,
    rates: {
      // The shortest wait the document suggests (coordinates/live); the cursor plans the rest.
      sourceIntervalMs: LIVE_INTERVAL_MS,
      // The document states no limit across an account's requests; one a second keeps bulk exports polite.
      vendorSpacingMs: SECOND,
      backoff: { initialMs: MINUTE, factor: 2, maxMs: 60 * MINUTE },
    },
    async fetchPage({ source, cursor, fetch }): Promise<PageResult> {
      const settings = readSettings(source.settings);
      const now = clock.now();
      const state = readCursor(cursor, now);
      const planned = nextStep(state, settings, now);
      if (planned.step === null) {
        return { records: [], cursor: writeCursor(state), more: false, nextPageInMs: planned.waitMs };
      }
      const { records, devices } = await steps[planned.step](state, settings, fetch, now);
      const after = nextStep(state, settings, clock.now());
      return {
        records,
        ...(devices ? { devices } : {}),
        cursor: writeCursor(state),
        more: after.step !== null,
        ...(after.step === null ? { nextPageInMs: after.waitMs } : {}),
      };
    },
  };
}

export const gps365Connector = createGps365Connector();

/** `trackers/list` onto devices; new trackers get a backfill, vanished ones are reported once (§4.1). */
async function syncTrackers(c: Gps365Cursor, s: Gps365Settings, fetch: HttpFetch, now: number) {
  const { result } = await callGps365(fetch, s, 'trackers/list', []);
  if (!Array.isArray(result)) throw unexpected('trackers/list', 'result is not a list');
  const trackers = result as Gps365Tracker[];
  const ids = trackers.map((t) => String(t.id));
  const listed = new Set(ids);
  const known = new Set(c.trackers ?? []);
  for (const id of ids) {
    const backfill = known.has(id) ? null : backfillFor(c, s);
    if (backfill && !c.backfill[id]) c.backfill[id] = backfill;
  }
  const vanished = (c.trackers ?? []).filter((id) => !listed.has(id) && !c.missing.includes(id));
  const records: IngestRecord[] = vanished.map((id) => ({
    device: { vendor: GPS365_VENDOR, externalId: id },
    events: [
      {
        type: 'source-error',
        time: now,
        key: 'gps365-tracker-missing',
        attributes: { vendor: GPS365_VENDOR, trackerId: id, reason: 'no longer in trackers/list' },
      },
    ],
  }));
  const devices = trackers.map(trackerInfo);
  for (const id of vanished) {
    delete c.backfill[id];
    devices.push({
      vendor: GPS365_VENDOR,
      externalId: id,
      name: id,
      attributes: { gps365MissingSince: new Date(now).toISOString() },
    });
  }
  c.missing = [...c.missing.filter((id) => !listed.has(id)), ...vanished];
  c.trackers = ids;
  c.trackersAt = now;
  return { records, devices };
}

/** One page of the live tail by server time (document 002 §5.3). */
async function tailPage(c: Gps365Cursor, s: Gps365Settings, fetch: HttpFetch, now: number) {
  const t = c.tail;
  const fields: [string, string][] = [['start_date', formatGps365Date(t.start)]];
  // Page 1 without end_date: the server's clock sets it, so that it is never in the server's future.
  if (t.end != null) fields.push(['end_date', formatGps365Date(t.end)], ['page', String(t.page)]);
  const { result, summary } = await callGps365(fetch, s, 'coordinates/historic', fields);
  const sum = (summary ?? {}) as { end_date?: unknown; pages?: unknown };
  if (t.end == null) {
    const end = typeof sum.end_date === 'string' ? parseGps365Date(sum.end_date) : null;
    if (end == null) throw unexpected('coordinates/historic', 'summary.end_date is missing');
    t.passAt = now;
    t.end = Math.max(end, t.start);
    t.pages = Math.max(1, Number(sum.pages) || 1);
  }
  if (t.page >= t.pages) {
    // Half-open bounds (">= start_date" and "< end_date"): the locked end is the next start, no row twice.
    c.tail = { ...t, start: t.end, end: null, page: 1, pages: 1 };
  } else {
    t.page += 1;
  }
  return { records: rowsOf(result, 'coordinates/historic').map(toRecord) };
}

/**
 * One request of one tracker's backfill by tracker time (document 002 §5.2, "Bulk exports"): up to 5,000 rows
 * of a window of at most five weeks, bounds inclusive. An empty window is stepped over, never taken for the end
 * (the document's downtime example). After a full page the next start is `last_date` itself rather than
 * `last_date` + 1 s: two rows in the page's last second may straddle the cut, and the one read again is stored
 * once.
 */
async function backfillPage(c: Gps365Cursor, s: Gps365Settings, fetch: HttpFetch) {
  const [id, b] = Object.entries(c.backfill)[0]!;
  const end = Math.min(b.next + FIVE_WEEKS, b.until);
  let answer;
  try {
    answer = await callGps365(fetch, s, 'coordinates/list', [
      [`trackers[${id}][]`, formatGps365Date(b.next)],
      [`trackers[${id}][]`, formatGps365Date(end)],
    ]);
  } catch (err) {
    // The tracker left the account since it was listed: list again (which reports it) rather than stop.
    if (err instanceof Gps365Error && err.code === 404) {
      delete c.backfill[id];
      c.trackersAt = null;
      return { records: [] };
    }
    throw err;
  }
  const rows = rowsOf((answer.result as Record<string, unknown> | null)?.[id] ?? [], 'coordinates/list');
  const summary = ((answer.summary ?? {}) as Record<string, Record<string, unknown>>)[id] ?? {};
  const total = Number(summary.total ?? rows.length);
  const answeredEnd = typeof summary.end_date === 'string' ? (parseGps365Date(summary.end_date) ?? end) : end;
  const lastDate =
    (typeof summary.last_date === 'string' ? parseGps365Date(summary.last_date) : null) ?? lastRowDate(rows);
  let next: number;
  if (rows.length > 0 && rows.length < total && lastDate != null) {
    next = lastDate > b.next ? lastDate : lastDate + SECOND;
  } else {
    next = Math.min(answeredEnd, end) + SECOND;
  }
  if (next > b.until) delete c.backfill[id];
  else c.backfill[id] = { ...b, next: Math.max(next, b.next + SECOND) };
  return { records: rows.map(toRecord) };
}

/**
 * `coordinates/live`: the newest row per tracker. Every 10 s while any tracker sends a new one; the interval
 * doubles up to the tail's while they repeat, as the document recommends (§5.1).
 */
async function livePage(c: Gps365Cursor, s: Gps365Settings, fetch: HttpFetch, now: number) {
  const { result } = await callGps365(fetch, s, 'coordinates/live', []);
  const rows = Object.values((result ?? {}) as Record<string, Gps365Coordinate>);
  const fresh = rows.filter((r) => r && c.live.seen[String(r.tracker_id)] !== r.date);
  for (const r of fresh) c.live.seen[String(r.tracker_id)] = r.date;
  c.live.at = now;
  c.live.intervalMs = fresh.length
    ? LIVE_INTERVAL_MS
    : Math.min(c.live.intervalMs * 2, Math.max(LIVE_INTERVAL_MS, s.pollSeconds * SECOND));
  return { records: fresh.map(toRecord) };
}

function lastRowDate(rows: Gps365Coordinate[]): number | null {
  const dates = rows.map((r) => parseGps365Date(String(r.date))).filter((d): d is number => d != null);
  return dates.length ? Math.max(...dates) : null;
}

/** The rows of a `result`: a list, or lists indexed by tracker id (§5.2, §5.3). */
function rowsOf(result: unknown, endpoint: string): Gps365Coordinate[] {
  if (Array.isArray(result)) return result as Gps365Coordinate[];
  if (result && typeof result === 'object') {
    return Object.values(result).flatMap((v) => (Array.isArray(v) ? (v as Gps365Coordinate[]) : []));
  }
  throw unexpected(endpoint, 'result is neither a list nor indexed by tracker');
}

function unexpected(endpoint: string, what: string): RetryableError {
  return new RetryableError(`GPS365 ${endpoint}: unexpected answer, ${what}`);
}
