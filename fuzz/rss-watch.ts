/** A request of the run as the memory watch sees it: its route key, and what was sent, shortened. */
export interface Watched {
  key: string;
  url: string;
  sent: string;
}

interface Running extends Watched {
  started: number;
}

interface Ended extends Watched {
  ms: number;
}

export interface RssSample {
  /** Milliseconds since the start of the run. */
  at: number;
  /** Requests answered by then. */
  done: number;
  mb: number;
}

/** A rise of the hub's memory between two samples, with the requests that may have caused it. */
export interface RssJump {
  at: number;
  fromMB: number;
  toMB: number;
  /** Requests in flight at the sample, oldest first. */
  inFlight: (Watched & { ageMs: number })[];
  /** The slowest requests answered since the previous sample. */
  endedSlowest: Ended[];
}

const ENDED_KEPT = 5;

/**
 * Samples the hub's RSS on a timer (not per batch of requests, so that a peak between batches shows) and keeps,
 * for every rise past `jumpMB`, the requests in flight and the slowest ones just answered: what the rise is
 * to be blamed on.
 */
export class RssWatch {
  readonly samples: RssSample[] = [];
  readonly jumps: RssJump[] = [];
  private readonly running = new Map<number, Running>();
  private ended: Ended[] = [];
  private done = 0;
  private nextId = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();

  constructor(
    private readonly rss: () => number,
    intervalMs: number,
    private readonly jumpMB: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  begin(request: Watched): number {
    const id = this.nextId++;
    this.running.set(id, { ...request, started: Date.now() });
    return id;
  }

  end(id: number, ms: number): void {
    const request = this.running.get(id);
    this.running.delete(id);
    this.done++;
    if (!request) return;
    const { started: _started, ...watched } = request;
    this.ended.push({ ...watched, ms });
    // Kept short: only the slowest few of an interval are ever reported.
    if (this.ended.length > ENDED_KEPT * 20) this.ended = slowest(this.ended);
  }

  peakMB(): number {
    return Math.max(...this.samples.map((s) => s.mb));
  }

  /** Route keys by how often they were in flight at a rise, most often first. */
  suspects(): { key: string; jumps: number }[] {
    const counts = new Map<string, number>();
    for (const jump of this.jumps) {
      for (const key of new Set(jump.inFlight.map((r) => r.key))) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, jumps]) => ({ key, jumps })).sort((a, b) => b.jumps - a.jumps);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const now = Date.now();
    const mb = Math.round(this.rss() / 1024 / 1024);
    const previous = this.samples.at(-1);
    this.samples.push({ at: now - this.started, done: this.done, mb });
    if (previous && mb - previous.mb >= this.jumpMB) {
      this.jumps.push({
        at: now - this.started,
        fromMB: previous.mb,
        toMB: mb,
        inFlight: [...this.running.values()]
          .sort((a, b) => a.started - b.started)
          .map(({ started, ...r }) => ({ ...r, ageMs: now - started })),
        endedSlowest: slowest(this.ended),
      });
    }
    this.ended = [];
  }
}

function slowest(ended: Ended[]): Ended[] {
  return [...ended].sort((a, b) => b.ms - a.ms).slice(0, ENDED_KEPT);
}
