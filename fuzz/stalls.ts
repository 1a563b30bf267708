import type { Watched } from './rss-watch.ts';

interface Slow extends Watched {
  /** Milliseconds since the start of the run. */
  start: number;
  end: number;
}

/** Slow requests whose times overlap: the hub stood still for all of them at once. */
export interface Stall {
  at: number;
  ms: number;
  requests: number;
  routes: number;
  /** The first requests of the stall to start: the one that blocked the hub is most often among them. */
  earliest: (Watched & { ms: number })[];
}

const KEPT = 10_000;
const EARLIEST = 3;

/**
 * Slow requests over unrelated routes that end together mean a hub whose event loop was blocked, not a slow
 * route: this groups them by overlap, so that each stall shows as one, with the requests that began it.
 */
export class StallLog {
  private readonly slow: Slow[] = [];
  private readonly started = performance.now();

  add(request: Watched, startedAt: number, ms: number): void {
    if (this.slow.length >= KEPT) return;
    const start = Math.round(startedAt - this.started);
    this.slow.push({ ...request, start, end: start + ms });
  }

  stalls(): Stall[] {
    const sorted = [...this.slow].sort((a, b) => a.start - b.start);
    const groups: Slow[][] = [];
    let end = -Infinity;
    for (const s of sorted) {
      if (s.start > end) groups.push([]);
      groups.at(-1)!.push(s);
      end = Math.max(end, s.end);
    }
    return groups.map((g) => {
      const at = g[0]!.start;
      return {
        at,
        ms: Math.max(...g.map((s) => s.end)) - at,
        requests: g.length,
        routes: new Set(g.map((s) => s.key)).size,
        earliest: g.slice(0, EARLIEST).map(({ start, end, ...r }) => ({ ...r, ms: end - start })),
      };
    });
  }
}
