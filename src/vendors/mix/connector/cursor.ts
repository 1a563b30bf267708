/**
 * Where a MiX source stands, committed with each page. Times are UTC epoch ms on MiX's clock; `skew` is how far
 * MiX's clock (its `Date` header) runs ahead of ours, so that the one-hour rule is judged on the server's time.
 */
export interface MixCursor {
  /** The `:since` of the next request: the latest DeviceTimestamp seen, or where the source (re)started. */
  since: number;
  /** Up to when everything has been read: the server time of the last answer short of 100 trips, or the latest
   * DeviceTimestamp of a full one. */
  checked: number;
  skew: number;
  /** A window that could not be fetched, recorded on the page that skipped it (a `data-gap` event). */
  gap?: DataGap;
}

export interface DataGap {
  from: number;
  to: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The cursor, or null for a new source (or one whose cursor cannot be read: it restarts an hour back). */
export function readCursor(cursor: string | null): MixCursor | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(cursor) as Record<string, unknown>;
    const [since, checked, skew] = [num(c.since), num(c.checked), num(c.skew)];
    if (since == null || checked == null || skew == null) return null;
    const gap = c.gap as Record<string, unknown> | undefined;
    const from = num(gap?.from);
    const to = num(gap?.to);
    return { since, checked, skew, ...(from != null && to != null ? { gap: { from, to } } : {}) };
  } catch {
    return null;
  }
}

export function writeCursor(c: MixCursor): string {
  return JSON.stringify(c);
}

/** The gap a cursor records, if any: what the hub raises as a `data-gap` event. */
export function gapOf(cursor: string | null): DataGap | null {
  return readCursor(cursor)?.gap ?? null;
}
