import { cpus, loadavg } from 'node:os';
import { rowsPerSecond, type BenchContext, type Comparison } from './scenario.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Trackway's rate over the baseline's: 1 would mean Trackway costs nothing on top of the database. */
export const ratio = (c: Comparison) => rowsPerSecond(c.trackway) / rowsPerSecond(c.baseline);

export function printTable(results: Comparison[]): void {
  for (const c of results) {
    const r = ratio(c);
    console.log(`\n${c.name}`);
    for (const t of [c.trackway, c.baseline]) {
      console.log(
        `  ${t.label.padEnd(46)} ${int(rowsPerSecond(t)).padStart(10)} rows/s` +
          `  (${int(t.rows)} rows in ${t.seconds.toFixed(2)} s)`,
      );
    }
    console.log(
      `  ${'ratio Trackway / baseline'.padEnd(46)} ${r.toFixed(3).padStart(10)}   (baseline ${(1 / r).toFixed(1)}× faster)`,
    );
    if (c.target != null) {
      const met = r >= c.target ? 'met' : 'NOT met';
      console.log(`  ${'target'.padEnd(46)} ${`≥ ${c.target}`.padStart(10)}   ${met}`);
    }
    console.log(`  ${'ratio by round'.padEnd(46)} ${c.rounds.map((x) => x.toFixed(3)).join('  ')}`);
    for (const note of c.notes) console.log(`  ${note}`);
  }
}

/** The machine-readable summary, printed as the last line of the run. */
export function summary(context: Omit<BenchContext, 'dir'>, results: Comparison[]) {
  const timing = (t: Comparison['trackway']) => ({ ...t, rowsPerSecond: Math.round(rowsPerSecond(t)) });
  return {
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg()[0],
    rows: context.rows,
    clients: context.clients,
    results: results.map((c) => ({
      name: c.name,
      trackway: timing(c.trackway),
      baseline: timing(c.baseline),
      ratio: Number(ratio(c).toFixed(4)),
      target: c.target ?? null,
      rounds: c.rounds.map((x) => Number(x.toFixed(4))),
    })),
  };
}
