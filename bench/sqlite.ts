import { join } from 'node:path';
import { startClientProcess } from './client-process.ts';
import { BATCH_SIZE, DEVICES_PER_CLIENT, timedBatches, warmupBatches, type BatchRef } from './fleet.ts';
import { startSqliteHub } from './hub.ts';
import { openRawTable, scanPositions } from './raw-sqlite.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';
import { perBatch, readServerTimes } from './server-times.ts';

const WARMUP_BATCHES_PER_CLIENT = 2;
const INGEST_ROUNDS = 5;
const SYNC_ROUNDS = 3;
/** The largest page the sync API allows: the fastest way a consumer can follow it. */
const SYNC_PAGE = 5000;
const SYNC_WARMUP_PAGES = 3;

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const fastest = (ts: Timing[]) => ts.reduce((a, b) => (b.seconds < a.seconds ? b : a));

/** Consecutive slices of about equal size, so both tables grow in step round by round. */
function slices(refs: BatchRef[], n: number): BatchRef[][] {
  const size = Math.ceil(refs.length / n);
  return Array.from({ length: Math.ceil(refs.length / size) }, (_, i) =>
    refs.slice(i * size, (i + 1) * size),
  );
}

/** SQLite: ingest over HTTP against raw inserts, then sync export against a raw scan of the same file. */
export const sqliteScenario: Scenario = {
  name: 'sqlite',
  async run({ rows, clients, dir }): Promise<Comparison[]> {
    const count = Math.max(1, Math.round(rows / BATCH_SIZE));
    const warmup = warmupBatches(clients, WARMUP_BATCHES_PER_CLIENT);
    const timed = timedBatches(clients, WARMUP_BATCHES_PER_CLIENT, count);
    const stored = (warmup.length + timed.length) * BATCH_SIZE;
    const raw = openRawTable(join(dir, 'raw.db'), clients);
    const hub = await startSqliteHub(join(dir, 'hub'));
    const job = { url: hub.url, token: hub.token };
    const client = startClientProcess();
    const ingest = { hub: 0, raw: 0, hubCpu: 0, senderCpu: 0, rounds: [] as number[] };
    const syncs: Timing[] = [];
    const scans: Timing[] = [];
    const syncCpu = { hub: 0, consumer: 0 };
    let breakdown;
    try {
      // The warm-up also creates the devices, so device creation stays out of the timed figures.
      raw.insert(warmup);
      await client.run({ kind: 'ingest', ...job, clients, batches: warmup });
      const before = await readServerTimes(hub.url);
      for (const slice of slices(timed, INGEST_ROUNDS)) {
        const rawSeconds = raw.insert(slice);
        const cpu = process.cpuUsage();
        const sent = await client.run({ kind: 'ingest', ...job, clients, batches: slice });
        // The hub is the only thing this process runs meanwhile, so its CPU is the hub's.
        ingest.hubCpu += cpuSeconds(process.cpuUsage(cpu));
        ingest.senderCpu += sent.cpuSeconds;
        ingest.hub += sent.seconds;
        ingest.raw += rawSeconds;
        ingest.rounds.push(rawSeconds / sent.seconds);
      }
      breakdown = perBatch(before, await readServerTimes(hub.url), count);

      await client.run({ kind: 'sync', ...job, limit: SYNC_PAGE, maxPages: SYNC_WARMUP_PAGES });
      scanPositions(hub.databaseFile, SYNC_PAGE * SYNC_WARMUP_PAGES);
      for (let round = 0; round < SYNC_ROUNDS; round++) {
        const cpu = process.cpuUsage();
        const sync = await client.run({ kind: 'sync', ...job, limit: SYNC_PAGE, maxPages: null });
        syncCpu.hub += cpuSeconds(process.cpuUsage(cpu)) / SYNC_ROUNDS;
        syncCpu.consumer += sync.cpuSeconds / SYNC_ROUNDS;
        syncs.push({ label: 'HTTP sync, one consumer', rows: sync.rows, seconds: sync.seconds });
        scans.push(scanPositions(hub.databaseFile, -1));
      }
    } finally {
      client.stop();
      raw.close();
      await hub.stop();
    }
    // The sync also exports the trip events derived from the fleet's tracks; every position must be in it.
    for (const t of scans) {
      if (t.rows !== stored) throw new Error(`expected ${stored} rows, "${t.label}" read ${t.rows}`);
    }
    for (const t of syncs) {
      if (t.rows < stored)
        throw new Error(`expected at least ${stored} records, "${t.label}" read ${t.rows}`);
    }
    const rowsTimed = count * BATCH_SIZE;
    return [
      {
        name: `ingest: POST /api/v1/ingest, ${clients} clients, ${clients * DEVICES_PER_CLIENT} devices`,
        trackway: { label: 'HTTP + full pipeline', rows: rowsTimed, seconds: ingest.hub },
        baseline: {
          label: 'better-sqlite3 INSERT, 1,000 per transaction',
          rows: rowsTimed,
          seconds: ingest.raw,
        },
        rounds: ingest.rounds,
        notes: [
          `wall time per 1,000-row batch: ${fmt((ingest.hub * 1000) / count, 2)} ms with ${clients} in flight; ` +
            `CPU: hub ${fmt(ingest.hubCpu)} s, senders ${fmt(ingest.senderCpu)} s, over ${fmt(ingest.hub)} s`,
          'hub time per batch, from its /metrics:',
          ...breakdown.map(([k, v]) => `  ${k.padEnd(26)} ${fmt(v, 2).padStart(7)} ms`),
        ],
      },
      {
        name: `sync export: GET /api/v1/sync?limit=${SYNC_PAGE}, followed to the end (fastest of ${SYNC_ROUNDS})`,
        trackway: fastest(syncs),
        baseline: fastest(scans),
        rounds: syncs.map((s, i) => scans[i]!.seconds / s.seconds),
        notes: [
          `CPU per export, on average: hub ${fmt(syncCpu.hub)} s, consumer ${fmt(syncCpu.consumer)} s ` +
            '(it parses each page, in its own process)',
        ],
      },
    ];
  },
};
