/**
 * Where a SPOT feed source stands, committed with each page. A feed is newest first and paged by `start`, so
 * a pass reads from the top down until it reaches what is stored (`synced`) or the end of the feed; `top` is
 * the newest time of the pass, which becomes `synced` when the pass ends. A crash or a long block mid-pass
 * resumes at `pass.start`: messages that arrived meanwhile shift the offsets down, so pages overlap (repeats
 * are deduplicated by message id) and never leave a gap.
 */
export interface FeedCursor {
  /** unixTime (s) of the newest message of the last complete pass; null before the first pass ends. */
  synced: number | null;
  pass: { start: number; top: number | null } | null;
}

export const EMPTY_CURSOR: FeedCursor = { synced: null, pass: null };

export function readCursor(cursor: string | null): FeedCursor {
  if (!cursor) return EMPTY_CURSOR;
  try {
    const c = JSON.parse(cursor) as Partial<FeedCursor>;
    const synced = typeof c.synced === 'number' ? c.synced : null;
    const p = c.pass;
    const pass =
      p && typeof p.start === 'number' && p.start >= 0
        ? { start: p.start, top: typeof p.top === 'number' ? p.top : null }
        : null;
    return { synced, pass };
  } catch {
    // An unreadable cursor (edited by hand) costs one full pass, which deduplication makes harmless.
    return EMPTY_CURSOR;
  }
}

export function writeCursor(c: FeedCursor): string {
  return JSON.stringify({ synced: c.synced, pass: c.pass });
}

/** SPOT's page size: the document's "Paging in increments of 50". */
export const PAGE_SIZE = 50;

/** A bound on one pass: SPOT keeps 7 days, and no messenger sends 50 × 400 messages in a week. */
export const MAX_PAGES = 400;

/** The cursor after a page at `start` holding messages with these times. */
export function advance(c: FeedCursor, start: number, times: number[]): FeedCursor {
  const newest = times.length ? Math.max(...times) : null;
  const top = maxOf(c.pass?.top ?? null, newest);
  const reachedStored = c.synced != null && times.some((t) => t <= c.synced!);
  const endOfFeed = times.length < PAGE_SIZE;
  const next = start + PAGE_SIZE;
  if (reachedStored || endOfFeed || next >= PAGE_SIZE * MAX_PAGES) {
    return { synced: maxOf(c.synced, top), pass: null };
  }
  return { synced: c.synced, pass: { start: next, top } };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a == null) return b;
  if (b == null) return a;
  return Math.max(a, b);
}
