import { SECOND } from '../dates.ts';
import type { Gps365Settings } from './settings.ts';

/**
 * Where a GPS365 source stands, committed with each page. One request per page, chosen by `nextStep`:
 * the tracker list when due, the live tail by server time (`coordinates/historic`), the backfill by tracker
 * time (`coordinates/list`), and the optional `coordinates/live`. Times are epoch ms; server times are the
 * GPS365 server's, the others this hub's clock.
 */
export interface Gps365Cursor {
  /** Tracker ids of the last listing; null before the first. */
  trackers: string[] | null;
  /** When the trackers were last listed (hub clock); null: list them now. */
  trackersAt: number | null;
  /** Trackers reported missing and not listed since, so that each is reported once. */
  missing: string[];
  tail: Tail;
  /** Per tracker: the next start of its backfill, and where it ends (tracker time, inclusive). */
  backfill: Record<string, { next: number; until: number }>;
  live: LiveState;
}

/**
 * The live tail (document 002 §5.3): page 1 without `end_date`, pages 2…n with the `end_date` of page 1's
 * answer locked, then that `end_date` as the next `start_date`.
 */
export interface Tail {
  /** Server time the pass starts at (inclusive). */
  start: number;
  /** The end page 1 answered (exclusive), locked for pages 2…n; null between passes. */
  end: number | null;
  /** The next page to ask for within the pass. */
  page: number;
  pages: number;
  /** When the last pass began (hub clock); null: never. */
  passAt: number | null;
}

export interface LiveState {
  /** When `coordinates/live` was last asked (hub clock). */
  at: number | null;
  /** The current interval: 10 s while coordinates change, longer while they repeat. */
  intervalMs: number;
  /** Per tracker, the `date` of the newest coordinate seen, to tell a repeat from a new one. */
  seen: Record<string, string>;
}

/** "if you query this endpoint every 10 seconds you will almost get live data" (document 002 §5.1). */
export const LIVE_INTERVAL_MS = 10 * SECOND;
/** How far past the tail's start the backfill reads by tracker time: clocks of trackers and servers differ. */
export const BACKFILL_OVERLAP_MS = 86_400_000;
/**
 * How far before this hub's clock the tail starts. The tail runs on GPS365's clock: were this hub's ahead, rows
 * received by GPS365 between the source's creation and this hub's "now" would fall before the tail and after
 * the backfill. An hour of rows read twice is stored once.
 */
export const TAIL_START_MARGIN_MS = 3_600_000;
const DAY = 86_400_000;

export function newCursor(now: number): Gps365Cursor {
  return {
    trackers: null,
    trackersAt: null,
    missing: [],
    tail: {
      start: Math.floor((now - TAIL_START_MARGIN_MS) / SECOND) * SECOND,
      end: null,
      page: 1,
      pages: 1,
      passAt: null,
    },
    backfill: {},
    live: { at: null, intervalMs: LIVE_INTERVAL_MS, seen: {} },
  };
}

export function readCursor(cursor: string | null, now: number): Gps365Cursor {
  if (!cursor) return newCursor(now);
  try {
    return { ...newCursor(now), ...(JSON.parse(cursor) as Partial<Gps365Cursor>) };
  } catch {
    // An unreadable cursor (edited by hand) starts over: trackers listed again, each backfilled, stored once.
    return newCursor(now);
  }
}

export const writeCursor = (c: Gps365Cursor) => JSON.stringify(c);

/** The backfill a tracker first seen now gets: `backfillDays` back from the tail's start, up to past it. */
export function backfillFor(
  c: Gps365Cursor,
  settings: Gps365Settings,
): { next: number; until: number } | null {
  if (settings.backfillDays === 0) return null;
  return { next: c.tail.start - settings.backfillDays * DAY, until: c.tail.start + BACKFILL_OVERLAP_MS };
}

export type Step = 'trackers' | 'tail' | 'backfill' | 'live';

/** When each kind of request is next due (hub clock); a pass in progress is due at once. */
export function dueTimes(c: Gps365Cursor, s: Gps365Settings): Record<Step, number | null> {
  const backfillPending = Object.keys(c.backfill).length > 0;
  return {
    trackers: c.trackersAt == null ? 0 : c.trackersAt + s.trackerSyncMinutes * 60_000,
    tail: c.tail.end != null || c.tail.passAt == null ? 0 : c.tail.passAt + s.pollSeconds * SECOND,
    backfill: backfillPending ? 0 : null,
    live: s.live ? (c.live.at == null ? 0 : c.live.at + c.live.intervalMs) : null,
  };
}

/**
 * The request to make now, or null with the wait until one is due. A tail pass in progress comes first (its
 * end is locked); the backfill yields to the tail and the tracker list whenever they are due.
 */
export function nextStep(
  c: Gps365Cursor,
  s: Gps365Settings,
  now: number,
): { step: Step } | { step: null; waitMs: number } {
  const due = dueTimes(c, s);
  if (c.tail.end != null) return { step: 'tail' };
  const order: Step[] = ['trackers', 'tail', 'live', 'backfill'];
  for (const step of order) {
    const at = due[step];
    if (at != null && at <= now) return { step };
  }
  const times = order.map((step) => due[step]).filter((t): t is number => t != null);
  return { step: null, waitMs: Math.max(0, Math.min(...times) - now) };
}
