/** A request the backend refuses with 400, in the document's words for it ("some required parameters are missing
 * or their value is not valid"). */
export class BadRequest extends Error {}

/** Document 004: `limit` is 100 by default; no larger page is ever served (a larger `limit` is served as 100). */
export const PAGE_LIMIT = 100;
/** Document 004: "offset: number of messages to skip (between 0 and 5000)". */
export const MAX_OFFSET = 5000;

export interface PageQuery {
  limit: number;
  offset: number;
  /** Seconds, inclusive: "return messages sent since this timestamp". */
  since: number | null;
  /** Seconds, exclusive: "return messages sent before this timestamp". */
  before: number | null;
}

/** Reads `limit`, `offset`, `since` and `before`; a value that is not a whole number in range is a 400. */
export function readPageQuery(params: URLSearchParams): PageQuery {
  const limit = whole(params, 'limit', 1) ?? PAGE_LIMIT;
  const offset = whole(params, 'offset', 0) ?? 0;
  if (offset > MAX_OFFSET) throw new BadRequest(`offset must be between 0 and ${MAX_OFFSET}`);
  return {
    limit: Math.min(limit, PAGE_LIMIT),
    offset,
    since: whole(params, 'since', 0),
    before: whole(params, 'before', 0),
  };
}

function whole(params: URLSearchParams, name: string, min: number): number | null {
  const text = params.get(name);
  if (text === null || text === '') return null;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new BadRequest(`${name} must be a whole number of at least ${min}, not "${text}"`);
  }
  return value;
}

/** The items of `query`'s window, newest first ("in reverse chronological order"). */
export function inWindow<T extends { time: number }>(items: readonly T[], query: PageQuery): T[] {
  return items
    .filter(
      (i) =>
        (query.since == null || i.time >= query.since) && (query.before == null || i.time < query.before),
    )
    .sort((a, b) => b.time - a.time);
}

export interface Page<T> {
  data: T[];
  /** The query of the next page, when there is one the backend will serve. */
  next: URLSearchParams | null;
}

/**
 * A page of a device type's messages. The next page keeps `before` fixed at the newest second of the first page
 * (document 004's example: `?limit=100&before=1338803969&offset=100`), so that messages arriving meanwhile do not
 * shift the offsets. Past the last offset the backend serves, there is no next page: a client goes on with an
 * earlier `before`.
 */
export function offsetPage<T extends { time: number }>(items: readonly T[], query: PageQuery): Page<T> {
  const window = inWindow(items, query);
  const data = window.slice(query.offset, query.offset + query.limit);
  const nextOffset = query.offset + query.limit;
  if (nextOffset >= window.length || nextOffset > MAX_OFFSET) return { data, next: null };
  const before = query.before ?? window[0]!.time + 1;
  return { data, next: params({ limit: query.limit, since: query.since, before, offset: nextOffset }) };
}

/**
 * A page of one device's messages or locations. The next page is the one before the oldest second of this page
 * (document 004's example: `?limit=100&before=1338803969`): a device sends at most one frame a second.
 */
export function timePage<T extends { time: number }>(items: readonly T[], query: PageQuery): Page<T> {
  const window = inWindow(items, query);
  const data = window.slice(query.offset, query.offset + query.limit);
  if (query.offset + query.limit >= window.length) return { data, next: null };
  const before = data[data.length - 1]!.time;
  return { data, next: params({ limit: query.limit, since: query.since, before }) };
}

/** A page of a list with no time (devices of a type): offsets only. */
export function listPage<T>(
  items: readonly T[],
  query: PageQuery,
  keep: Record<string, string> = {},
): Page<T> {
  const data = items.slice(query.offset, query.offset + query.limit);
  const nextOffset = query.offset + query.limit;
  if (nextOffset >= items.length || nextOffset > MAX_OFFSET) return { data, next: null };
  return { data, next: params({ ...keep, limit: query.limit, offset: nextOffset }) };
}

function params(values: Record<string, string | number | null>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v != null) out.set(k, String(v));
  return out;
}
