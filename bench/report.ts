import { cpus, loadavg } from 'node:os';
import {
  isFigure,
  rowsPerSecond,
  type BenchContext,
  type Comparison,
  type Figure,
  type Result,
} from './scenario.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Trackway's rate over the baseline's: 1 would mean Trackway costs nothing on top of the database. */
export const ratio = (c: Comparison) => rowsPerSecond(c.trackway) / rowsPerSecond(c.baseline);

/** Whether the result reached its target; null when it has none. */
export function met(r: Result): boolean | null {
  if (isFigure(r)) {
    if (r.max == null && r.min == null) return null;
    return (r.max == null || r.value < r.max) && (r.min == null || r.value >= r.min);
  }
  return r.target == null ? null : ratio(r) >= r.target;
}

const verdict = (r: Result) => (met(r) ? 'met' : 'NOT met');

function printFigure(f: Figure): void {
  const limit = f.max != null ? `< ${f.max} ${f.unit}` : `>= ${f.min} ${f.unit}`;
  console.log(`\n${f.name}`);
  console.log(
    `  ${'measured'.padEnd(46)} ${f.value.toFixed(1).padStart(10)} ${f.unit}` +
      (met(f) == null ? '' : `   (target ${limit}: ${verdict(f)})`),
  );
  for (const note of f.notes) console.log(`  ${note}`);
}

export function printTable(results: Result[]): void {
  for (const c of results) {
    if (isFigure(c)) {
      printFigure(c);
      continue;
    }
    const r = ratio(c);
    console.log(`\n${c.name}`);
    for (const t of [c.trackway, c.baseline]) {
      console.log(
        `  ${t.label.padEnd(46)} ${int(rowsPerSecond(t)).padStart(10)} rows/s` +
          `  (${int(t.rows)} rows in ${t.seconds.toFixed(2)} s)`,
      );
    }
    console.log(
      `  ${'ratio Trackway / baseline'.padEnd(46)} ${r.toFixed(3).padStart(10)}   (baseline ${(1 / r).toFixed(1)}× faster)` +
        (c.target == null ? '' : `; target >= ${c.target}: ${verdict(c)}`),
    );
    console.log(`  ${'ratio by round'.padEnd(46)} ${c.rounds.map((x) => x.toFixed(3)).join('  ')}`);
    for (const note of c.notes) console.log(`  ${note}`);
  }
}

/** The machine-readable summary, printed as the last line of the run. */
export function summary(context: Omit<BenchContext, 'dir'>, results: Result[]) {
  const timing = (t: Comparison['trackway']) => ({ ...t, rowsPerSecond: Math.round(rowsPerSecond(t)) });
  const comparison = (c: Comparison) => ({
    name: c.name,
    trackway: timing(c.trackway),
    baseline: timing(c.baseline),
    ratio: Number(ratio(c).toFixed(4)),
    target: c.target ?? null,
    met: met(c),
    rounds: c.rounds.map((x) => Number(x.toFixed(4))),
  });
  const figure = (f: Figure) => ({
    name: f.name,
    value: Number(f.value.toFixed(2)),
    unit: f.unit,
    max: f.max ?? null,
    min: f.min ?? null,
    met: met(f),
  });
  return {
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg()[0],
    rows: context.rows,
    clients: context.clients,
    results: results.map((r) => (isFigure(r) ? figure(r) : comparison(r))),
  };
}
