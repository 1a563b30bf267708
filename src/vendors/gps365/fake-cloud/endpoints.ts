import { cloudDate, cloudText, readCloudRequest, type CloudRequest } from './requests.ts';
import type { CloudRow, CloudTracker } from './rows.ts';

export interface CloudState {
  token: string;
  trackers: CloudTracker[];
  rows: CloudRow[];
  /** Whole seconds. */
  now: () => number;
}

type Answer = { status: number; envelope: Record<string, unknown> };

const DAY = 86_400_000;
/** "If you don't supply a start date, the default value is 2000-01-01 00:00:00" (§5.2, §5.3). */
const DEFAULT_START = Date.UTC(2000, 0, 1);
/** §5.2: "the maximum date range for each tracker is five weeks". */
const LIST_RANGE = 35 * DAY;
/**
 * §5.3 says both one week (its prose, default end 2000-01-08) and five weeks (its parameter table); the fake
 * enforces the stricter, so that a client proven here works with either.
 */
const HISTORIC_RANGE = 7 * DAY;

class CloudError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** One request of the Coordinates API (document 002 §4-5). */
export function answerCloudRequest(state: CloudState, endpoint: string, body: string): Answer {
  const request = readCloudRequest(body);
  try {
    if (request.token !== state.token) throw new CloudError(401, 'Unauthorized');
    const ids = trackersOf(state, request);
    switch (endpoint) {
      case 'trackers/list':
        return ok(200, state.trackers);
      case 'coordinates/live':
        return ok('200', live(state, ids));
      case 'coordinates/list':
        return list(state, request, ids);
      case 'coordinates/historic':
        return historic(state, request, ids);
      default:
        throw new CloudError(404, 'Not found');
    }
  } catch (err) {
    if (!(err instanceof CloudError)) throw err;
    return {
      status: err.code,
      envelope: { response: { status: 'error', code: err.code, message: err.message } },
    };
  }
}

function ok(code: number | string, result: unknown, summary?: unknown): Answer {
  const envelope: Record<string, unknown> = { response: { status: 'success', code, message: 'OK' }, result };
  if (summary !== undefined) envelope.summary = summary;
  return { status: 200, envelope };
}

function trackersOf(state: CloudState, request: CloudRequest): number[] {
  if (!request.trackers) return state.trackers.map((t) => t.id);
  for (const id of request.trackers.keys()) {
    if (!state.trackers.some((t) => t.id === id)) throw new CloudError(404, `Tracker ${id} not found`);
  }
  return [...request.trackers.keys()];
}

function present(row: CloudRow) {
  const { latitude, longitude, ...rest } = row.fields;
  return {
    tracker_id: row.trackerId,
    date: cloudText(row.date),
    latitude,
    longitude,
    ...rest,
    sendingdate: cloudText(row.receivedAt),
  };
}

const byDate = (a: CloudRow, b: CloudRow) => a.date - b.date || a.seq - b.seq;

/** §5.1: the most recent coordinate of each tracker, indexed by tracker id. */
function live(state: CloudState, ids: number[]) {
  const result: Record<string, unknown> = {};
  for (const id of ids) {
    const rows = state.rows.filter((r) => r.trackerId === id).sort(byDate);
    const newest = rows[rows.length - 1];
    if (newest) result[id] = present(newest);
  }
  return result;
}

function date(text: string | undefined, fallback: number): number {
  if (text == null || text === '') return fallback;
  const ms = cloudDate(text);
  if (ms == null) throw new CloudError(400, `Invalid date: ${text}`);
  return ms;
}

/** §5.2: by tracker time, bounds inclusive, 100 rows per tracker or 5,000 for one tracker with a start date. */
function list(state: CloudState, request: CloudRequest, ids: number[]): Answer {
  const asked = request.trackers;
  const limit = asked?.size === 1 && [...asked.values()][0]!.start ? 5000 : 100;
  const result: Record<string, unknown> = {};
  const summary: Record<string, unknown> = {};
  for (const id of ids) {
    const dates = asked?.get(id) ?? {};
    const start = date(dates.start, DEFAULT_START);
    const end = Math.min(date(dates.end, state.now()), start + LIST_RANGE);
    const rows = state.rows
      .filter((r) => r.trackerId === id && r.date >= start && r.date <= end)
      .sort(byDate);
    const page = rows.slice(0, limit);
    result[id] = page.map(present);
    summary[id] = {
      start_date: cloudText(start),
      end_date: cloudText(end),
      rows: page.length,
      total: rows.length,
      last_date: page.length ? cloudText(page[page.length - 1]!.date) : null,
    };
  }
  return ok('200', result, summary);
}

/** §5.3: by server time, `>= start_date` and `< end_date`, 500 rows per tracker or 10,000 for one, paged. */
function historic(state: CloudState, request: CloudRequest, ids: number[]): Answer {
  const limit = request.trackers?.size === 1 ? 10_000 : 500;
  const start = date(request.startDate, DEFAULT_START);
  let end = Math.min(state.now(), start + HISTORIC_RANGE);
  const askedEnd = request.endDate ? cloudDate(request.endDate) : null;
  // "If you only send a start date and no (or an invalid) end date, the end date will automatically be set".
  if (askedEnd != null && askedEnd >= start && askedEnd <= start + HISTORIC_RANGE) end = askedEnd;
  const page = Math.max(1, Number.parseInt(request.page ?? '1', 10) || 1);
  const result: Record<string, unknown> = {};
  const trackers: Record<string, unknown> = {};
  let pages = 1;
  for (const id of ids) {
    const rows = state.rows
      .filter((r) => r.trackerId === id && r.receivedAt >= start && r.receivedAt < end)
      .sort(byDate);
    const slice = rows.slice((page - 1) * limit, page * limit);
    result[id] = slice.map(present);
    trackers[id] = { rows: slice.length, total: rows.length };
    pages = Math.max(pages, Math.ceil(rows.length / limit));
  }
  return ok('200', result, {
    start_date: cloudText(start),
    end_date: cloudText(end),
    page,
    pages,
    trackers,
  });
}
