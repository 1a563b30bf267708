/** The feed API's query parameters, read as the document gives them and as real clients send them. */

export const DAY_MS = 86_400_000;
/** "7 days worth of data max restriction applies, regardless of what date you put in there". */
export const DAYS_RANGE = 7;
export const PAGE_SIZE = 50;

/** The largest `start` read (the storage takes offsets as 32-bit integers on every database). */
export const MAX_START = 2 ** 31 - 1;

export class BadQuery extends Error {}

/**
 * `start` counts from 1 as in the document (`start=51` is the second page). A client counting from 0 sends
 * `start=50` and gets the 50th message again at the top of its second page: a repeat, never a gap.
 */
export function offsetOf(start: string | undefined): number {
  if (start == null || start === '') return 0;
  if (!/^\d+$/.test(start)) throw new BadQuery(`start must be a whole number, not "${start}"`);
  // A feed holds 7 days of messages; a start beyond this bound is a typo or a probe, not a page.
  const n = Number(start);
  if (n > MAX_START) throw new BadQuery(`start must be at most ${MAX_START}`);
  return Math.max(0, n - 1);
}

/**
 * `2012-07-03T00:00:00-0000`; the offset may arrive as `+0000`, `%2B0000`, or `+` decoded to a space by the
 * query string. The document says only -0000 works on SPOT; any offset is honoured here.
 */
export function parseSpotDate(name: string, value: string | undefined): number | null {
  if (value == null || value === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:([ +-])(\d{2}):?(\d{2})|Z)?$/.exec(value);
  if (!m) throw new BadQuery(`${name} must look like 2012-07-03T00:00:00-0000, not "${value}"`);
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  const offset = sign ? (sign === '-' ? -1 : 1) * (+oh! * 60 + +om!) * 60_000 : 0;
  const t = utc - offset;
  if (!Number.isFinite(t) || new Date(utc).getUTCDate() !== +d!) throw new BadQuery(`${name} is not a date`);
  return t;
}

/** The time window of a request: within the last 7 days, whatever the dates asked. */
export function windowOf(now: number, startDate: number | null, endDate: number | null) {
  const earliest = now - DAYS_RANGE * DAY_MS;
  const from = Math.max(earliest, startDate ?? earliest);
  // endDate is inclusive to the second, as a client asking up to a message's own time expects to get it.
  const to = Math.min(now + DAY_MS, endDate == null ? now + DAY_MS : endDate + 1000);
  return { from, to };
}
