import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printTable, summary } from './report.ts';
import type { Result, Scenario } from './scenario.ts';
import { deriveScenario } from './derive.ts';
import { followanalyticsScenario } from './followanalytics.ts';
import { gps365Scenario } from './gps365.ts';
import { latestScenario } from './latest.ts';
import { lateScenario } from './late.ts';
import { mixScenario } from './mix.ts';
import { osmandScenario } from './osmand.ts';
import { postgresScenario } from './postgres.ts';
import { sigfoxScenario } from './sigfox.ts';
import { spotScenario } from './spot.ts';
import { sqliteScenario } from './sqlite.ts';
import { startupScenario } from './startup.ts';
import { webScenario } from './web.ts';

/** Every scenario of `npm run bench`, run in this order; a new one is one file and one line here. */
const scenarios: Scenario[] = [
  startupScenario,
  sqliteScenario,
  sigfoxScenario,
  deriveScenario,
  lateScenario,
  postgresScenario,
  spotScenario,
  osmandScenario,
  latestScenario,
  followanalyticsScenario,
  gps365Scenario,
  mixScenario,
  webScenario,
];

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    clients: { type: 'string', default: '4' },
    // Runs only the named scenarios (comma-separated), e.g. `npm run bench -- --only sigfox`.
    only: { type: 'string' },
    // Hubs that run in a process of their own write a CPU profile to test-artifacts/bench-profiles/.
    profile: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const clients = Number(values.clients);
if (!Number.isSafeInteger(rows) || rows < 1000)
  throw new Error('--rows must be a whole number of at least 1000');
if (!Number.isSafeInteger(clients) || clients < 1 || clients > 64)
  throw new Error('--clients must be 1 to 64');

const only = values.only?.split(',').map((n) => n.trim());
const unknown = only?.filter((n) => !scenarios.some((s) => s.name === n)) ?? [];
if (unknown.length)
  throw new Error(
    `--only: no scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
  );
const selected = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;

const dir = mkdtempSync(join(tmpdir(), 'trackway-bench-'));
const profileDir = values.profile ? resolve('test-artifacts', 'bench-profiles') : undefined;
const cleanUp = () => rmSync(dir, { recursive: true, force: true });
// Ctrl-C must not leave databases of hundreds of megabytes in the temp dir.
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

console.log(
  `Trackway bench: ${rows.toLocaleString('en-US')} rows per comparison, ${clients} HTTP clients, ` +
    `Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} before the start.\n` +
    'The hub runs in this process; senders and the sync consumer run in a child process and share the CPUs ' +
    'with it. Ratios are Trackway / baseline, measured in this run.',
);
const results: Result[] = [];
try {
  for (const scenario of selected) {
    const scenarioDir = join(dir, scenario.name);
    results.push(...(await scenario.run({ rows, clients, dir: scenarioDir, profileDir })));
  }
} finally {
  cleanUp();
}
printTable(results);
console.log(JSON.stringify(summary({ rows, clients }, results)));
