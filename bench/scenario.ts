/** What every scenario gets from `run.ts`: the run's options and a private temporary directory. */
export interface BenchContext {
  /** Rows to time in each comparison (warm-up rows come on top). */
  rows: number;
  /** Concurrent HTTP clients sending batches. */
  clients: number;
  /** A directory of its own under the OS temp dir; `run.ts` removes it afterwards. */
  dir: string;
  /** With `--profile`: where hubs started in a process of their own write a CPU profile when they stop. */
  profileDir?: string;
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
  /** The ratio Trackway aims at, at least: printed beside the ratio with whether this run reached it. */
  target?: number;
}

/** A figure with no baseline of its own but a limit (memory, a latency), printed with whether it was met. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The limit the figure must stay under (`max`) or reach (`min`). */
  max?: number;
  min?: number;
  notes: string[];
}

export type Result = Comparison | Figure;
export const isFigure = (r: Result): r is Figure => 'value' in r;

/** One file per scenario; `run.ts` lists them. */
export interface Scenario {
  name: string;
  run(context: BenchContext): Promise<Result[]>;
}

export const rowsPerSecond = (t: Timing) => t.rows / t.seconds;
