import { join } from 'node:path';
import { startClientProcess, type ClientProcess } from './client-process.ts';
import { fix, wireRecord } from './fleet.ts';
import { benchToken, startSqliteHubProcess } from './hub-process.ts';
import type { Comparison, Figure, Result, Scenario, Timing } from './scenario.ts';

/** Devices of each set; a batch holds PER_DEVICE fixes of each, in fix-time order. */
const DEVICES = 10;
const PER_DEVICE = 100;
const BATCH = DEVICES * PER_DEVICE;
const ROUNDS = 3;
const SMALL_HISTORY = 10_000;
/** A late batch must keep this share of the rate of the same batch in order, whatever the history. */
const TARGET = 0.8;
const HEALTH_LIMIT_MS = 100;

/** Fixes of `devices` for steps [from, to), round-robin over the devices, as one ingest body per 1,000. */
function bodies(devices: number[], from: number, to: number) {
  const records = [];
  for (let step = from; step < to; step++) for (const d of devices) records.push(wireRecord(fix(d, step)));
  const out: { body: string; rows: number }[] = [];
  for (let i = 0; i < records.length; i += 1000) {
    const slice = records.slice(i, i + 1000);
    out.push({ body: JSON.stringify(slice), rows: slice.length });
  }
  return out;
}

interface Run {
  inOrder: Timing;
  late: Timing;
  rounds: number[];
  healthMs: number[];
}

/**
 * Two sets of vehicles with the same history. Each round, one set gets its next batch in order; the other first
 * reports one live fix past that batch, then the batch arrives late (a tracker uploading what it buffered while
 * offline, after its first live fix). Both are timed from the first request until derivation has caught up;
 * `/health` is asked every 20 ms while the late batch is handled.
 */
async function measure(
  client: ClientProcess,
  dir: string,
  history: number,
  profileDir?: string,
): Promise<Run> {
  const hub = await startSqliteHubProcess(dir, benchToken(), profileDir);
  const job = { url: hub.url, token: hub.token };
  const inOrderSet = Array.from({ length: DEVICES }, (_, i) => 9000 + i);
  const lateSet = Array.from({ length: DEVICES }, (_, i) => 9000 + DEVICES + i);
  const steps = Math.ceil(history / DEVICES);
  const post = (devices: number[], from: number, to: number, probeHealth = false) =>
    client.run({
      kind: 'bodies',
      ...job,
      bodies: bodies(devices, from, to),
      settle: true,
      probeHealth,
    });
  const run: Run = {
    inOrder: { label: 'batch in order', rows: 0, seconds: 0 },
    late: { label: 'the same batch, late', rows: 0, seconds: 0 },
    rounds: [],
    healthMs: [],
  };
  try {
    await post([...inOrderSet, ...lateSet], 0, steps);
    for (let round = 0; round < ROUNDS; round++) {
      const start = steps + round * (PER_DEVICE + 1);
      const end = start + PER_DEVICE;
      const inOrder = await post(inOrderSet, start, end);
      await post(inOrderSet, end, end + 1);
      await post(lateSet, end, end + 1);
      const late = await post(lateSet, start, end, true);
      for (const [t, r] of [
        [run.inOrder, inOrder],
        [run.late, late],
      ] as const) {
        t.rows += r.rows;
        t.seconds += r.seconds;
      }
      run.rounds.push(inOrder.seconds / late.seconds);
      run.healthMs.push(...(late.healthMs ?? []));
    }
  } finally {
    await hub.stop();
  }
  return run;
}

export const lateScenario: Scenario = {
  name: 'late',
  async run({ rows, dir, profileDir }): Promise<Result[]> {
    const large = Math.max(rows / 2, SMALL_HISTORY * 10);
    const client = startClientProcess();
    const results: Result[] = [];
    const health: number[] = [];
    try {
      for (const history of [SMALL_HISTORY, large]) {
        const run = await measure(client, join(dir, String(history)), history, profileDir);
        health.push(...run.healthMs);
        const comparison: Comparison = {
          name: `late batch vs the same batch in order, ${history.toLocaleString('en-US')} rows of history per ${DEVICES} devices`,
          trackway: run.late,
          baseline: run.inOrder,
          rounds: run.rounds,
          target: TARGET,
          notes: [
            `${BATCH.toLocaleString('en-US')} rows per batch (${PER_DEVICE} per device), ${ROUNDS} rounds, each timed ` +
              'until derivation has caught up; the vehicles never stop, so no stop bounds a replay',
          ],
        };
        results.push(comparison);
      }
    } finally {
      client.stop();
    }
    const sorted = [...health].sort((a, b) => a - b);
    const slowest: Figure = {
      name: '/health while late batches are derived: slowest answer',
      value: sorted[sorted.length - 1] ?? NaN,
      unit: 'ms',
      max: HEALTH_LIMIT_MS,
      notes: [
        `${sorted.length} requests, 20 ms apart; median ${(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(1)} ms, ` +
          `99th percentile ${(sorted[Math.floor(sorted.length * 0.99)] ?? NaN).toFixed(1)} ms`,
      ],
    };
    return [...results, slowest];
  },
};
