/**
 * Where a FollowAnalytics source stands, committed with each page. A sweep reads every page of the locations
 * dated from `since` (inclusive) to its `until` (exclusive), locked when the sweep starts: without it, locations
 * arriving meanwhile move the others across pages, which are then read twice or never (document 002 §5.3 on
 * historic paging explains the same with GPS365's end_date). The next sweep starts at that `until`.
 */
export interface SweepCursor {
  /** Epoch ms; null before the first sweep ends (the first reads the app's whole history). */
  since: number | null;
  sweep: { until: number; page: number } | null;
}

export function readCursor(cursor: string | null): SweepCursor {
  if (!cursor) return { since: null, sweep: null };
  try {
    const c = JSON.parse(cursor) as Partial<SweepCursor>;
    const since = typeof c.since === 'number' ? c.since : null;
    const s = c.sweep;
    const sweep =
      s && typeof s.until === 'number' && Number.isSafeInteger(s.page) && s.page >= 1
        ? { until: s.until, page: s.page }
        : null;
    return { since, sweep };
  } catch {
    // An unreadable cursor (edited by hand) costs one full read, which deduplication makes harmless.
    return { since: null, sweep: null };
  }
}

export function writeCursor(c: SweepCursor): string {
  return JSON.stringify({ since: c.since, sweep: c.sweep });
}
