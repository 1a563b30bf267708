/** What every scenario gets from `run.ts`: the run's options and a private temporary directory. */
export interface BenchContext {
  /** Rows to time in each comparison (warm-up rows come on top). */
  rows: number;
  /** Concurrent HTTP clients sending batches. */
  clients: number;
  /** A directory of its own under the OS temp dir; `run.ts` removes it afterwards. */
  dir: string;
}

/** One timed side of a comparison. */
export interface Timing {
  label: string;
  rows: number;
  seconds: number;
}

/** Trackway against a baseline doing the same work with nothing in between, measured in the same run. */
export interface Comparison {
  name: string;
  trackway: Timing;
  baseline: Timing;
  /**
   * The ratio of each round: the two sides run in alternating rounds, so that load from elsewhere on the machine
   * hits both alike, and the spread shows how steady the machine was.
   */
  rounds: number[];
  /** Lines of context printed under the table (where the time went, what shares a core). */
  notes: string[];
  /** The ratio this comparison must reach (DESIGN's performance targets); printed beside it when set. */
  target?: number;
}

/** One file per scenario; `run.ts` lists them. */
export interface Scenario {
  name: string;
  run(context: BenchContext): Promise<Comparison[]>;
}

export const rowsPerSecond = (t: Timing) => t.rows / t.seconds;
