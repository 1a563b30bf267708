import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 7;
const BIN = resolve(fileURLToPath(import.meta.url), '..', '..', 'bin', 'trackway.js');
const TARGET = 3;

/** Runs `node args…` to its end and returns how long it took, in seconds; fails on a non-zero exit. */
function timeRun(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', rej);
    child.once('exit', (code) =>
      code === 0
        ? res(Number(process.hrtime.bigint() - started) / 1e9)
        : rej(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/**
 * Starts `node args…`, which prints `… listening on http://…` on stderr, and returns the seconds until its
 * `/health` answers 200; then stops it with SIGTERM and waits for its exit.
 */
async function timeUntilHealthy(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TRACKWAY_LOG_LEVEL: 'warn' },
  });
  const exited = new Promise((r) => child.once('exit', r));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  try {
    let url: string | undefined;
    while (!(url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1])) {
      if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    for (;;) {
      const ok = await fetch(`${url}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Number(process.hrtime.bigint() - started) / 1e9;
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A bare Node.js HTTP server with a /health route: what any server costs to start. */
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () {
  console.error('listening on http://127.0.0.1:' + this.address().port);
})`;

/** Runs both sides in alternating rounds; a Timing counts starts, so its rate is starts per second. */
async function compare(
  name: string,
  trackway: { label: string; run: (round: number) => Promise<number> },
  baseline: { label: string; run: () => Promise<number> },
  note: (slower: number) => string[],
): Promise<Comparison> {
  await trackway.run(-1);
  await baseline.run();
  const t: Timing = { label: trackway.label, rows: 0, seconds: 0 };
  const b: Timing = { label: baseline.label, rows: 0, seconds: 0 };
  const rounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const base = await baseline.run();
    const hub = await trackway.run(i);
    b.rows += 1;
    b.seconds += base;
    t.rows += 1;
    t.seconds += hub;
    rounds.push(base / hub);
  }
  const ms = (x: Timing) => `${Math.round((x.seconds / x.rows) * 1000)} ms`;
  return {
    name,
    trackway: t,
    baseline: b,
    rounds,
    notes: [...note(t.seconds / b.seconds), `mean start: ${ms(t)} against ${ms(b)}`],
  };
}

/**
 * Start-up of the compiled hub: `trackway --help` against a bare `node -e 0`, and `trackway serve` on a new data
 * directory (schema created, first admin made) until `/health` answers, against a bare Node.js HTTP server.
 */
export const startupScenario: Scenario = {
  name: 'startup',
  async run({ dir }) {
    const help = await compare(
      'startup: trackway --help',
      { label: 'trackway --help (starts/s)', run: () => timeRun([BIN, '--help']) },
      { label: 'node -e 0 (starts/s)', run: () => timeRun(['-e', '0']) },
      (slower) => [
        `trackway --help takes ${slower.toFixed(2)}× the time of a bare node -e 0 (target: within ${TARGET}×)`,
      ],
    );
    const serve = await compare(
      'startup: trackway serve until /health answers',
      {
        label: 'trackway serve, new data dir (starts/s)',
        run: (round) =>
          timeUntilHealthy([BIN, 'serve', '--port', '0', '--data-dir', join(dir, `serve-${round}`)]),
      },
      { label: 'bare node:http server (starts/s)', run: () => timeUntilHealthy(['-e', BARE_SERVER]) },
      (slower) => [
        `serve is ready in ${slower.toFixed(2)}× the time of a bare HTTP server: the rest is loading the hub's ` +
          'modules, creating the SQLite schema and the first admin',
      ],
    );
    return [help, serve];
  },
};
