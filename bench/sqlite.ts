import { join } from 'node:path';
import { startClientProcess } from './client-process.ts';
import {
  BATCH_SIZE,
  DEVICES_PER_CLIENT,
  timedBatches,
  WARMUP_BATCHES_PER_CLIENT,
  warmupBatches,
  type BatchRef,
} from './fleet.ts';
import { benchToken, startSqliteHubProcess } from './hub-process.ts';
import { openRawTable, scanPositions } from './raw-sqlite.ts';
import type { Comparison, Figure, Result, Scenario, Timing } from './scenario.ts';
import { perBatch, readProcessFigures, readServerTimes } from './server-times.ts';

const INGEST_ROUNDS = 4;
const SYNC_ROUNDS = 3;
/** The largest page the sync API allows: the fastest way a consumer can follow it. */
const SYNC_PAGE = 5000;
const SYNC_WARMUP_PAGES = 3;
/** Targets of the performance work: the share of the baseline's rate Trackway must reach, RSS in MB. */
const INGEST_TARGET = 0.5;
const SYNC_TARGET = 0.7;
const RSS_LIMIT_MB = 300;

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const fastest = (ts: Timing[]) => ts.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Consecutive slices of about equal size, so all tables grow in step round by round. */
function slices(refs: BatchRef[], n: number): BatchRef[][] {
  const size = Math.ceil(refs.length / n);
  return Array.from({ length: Math.ceil(refs.length / size) }, (_, i) =>
    refs.slice(i * size, (i + 1) * size),
  );
}

/**
 * SQLite: ingest over HTTP, timed until derivation has caught up, against raw inserts of the same rows into a
 * rowid-only table and into the hub's own schema; then sync export against a raw scan of the same file.
 */
export const sqliteScenario: Scenario = {
  name: 'sqlite',
  async run({ rows, clients, dir, profileDir }): Promise<Result[]> {
    const count = Math.max(1, Math.round(rows / BATCH_SIZE));
    const warmup = warmupBatches(clients, WARMUP_BATCHES_PER_CLIENT);
    const timed = timedBatches(clients, WARMUP_BATCHES_PER_CLIENT, count);
    const stored = (warmup.length + timed.length) * BATCH_SIZE;
    const devices = clients * DEVICES_PER_CLIENT;
    const hubSchema = openRawTable(join(dir, 'raw.db'), clients, 'hub-schema');
    const rowidOnly = openRawTable(join(dir, 'rowid.db'), clients, 'rowid-only');
    const hub = await startSqliteHubProcess(join(dir, 'hub'), benchToken(), profileDir);
    const job = { url: hub.url, token: hub.token };
    const client = startClientProcess();
    const ingest = { hub: 0, raw: 0, rowid: 0, hubCpu: 0, senderCpu: 0 };
    const rounds = { rowid: [] as number[], raw: [] as number[] };
    const syncs: Timing[] = [];
    const scans: Timing[] = [];
    const syncCpu = { hub: 0, consumer: 0 };
    let breakdown;
    let rssMb = NaN;
    try {
      // The warm-up has every vehicle report once, so device creation stays out of the timed figures.
      hubSchema.insert(warmup);
      rowidOnly.insert(warmup);
      await client.run({ kind: 'ingest', ...job, clients, batches: warmup, settle: true });
      const before = await readServerTimes(hub.url);
      for (const slice of slices(timed, INGEST_ROUNDS)) {
        const rawSeconds = hubSchema.insert(slice);
        const rowidSeconds = rowidOnly.insert(slice);
        const cpu = await readProcessFigures(hub.url);
        const sent = await client.run({ kind: 'ingest', ...job, clients, batches: slice, settle: true });
        ingest.hubCpu += (await readProcessFigures(hub.url)).cpuSeconds - cpu.cpuSeconds;
        ingest.senderCpu += sent.cpuSeconds;
        ingest.hub += sent.seconds;
        ingest.raw += rawSeconds;
        ingest.rowid += rowidSeconds;
        rounds.rowid.push(rowidSeconds / sent.seconds);
        rounds.raw.push(rawSeconds / sent.seconds);
      }
      breakdown = perBatch(before, await readServerTimes(hub.url), count);
      rssMb = (await readProcessFigures(hub.url)).rssBytes / 2 ** 20;

      await client.run({ kind: 'sync', ...job, limit: SYNC_PAGE, maxPages: SYNC_WARMUP_PAGES });
      scanPositions(hub.databaseFile, SYNC_PAGE * SYNC_WARMUP_PAGES);
      for (let round = 0; round < SYNC_ROUNDS; round++) {
        const cpu = await readProcessFigures(hub.url);
        const sync = await client.run({ kind: 'sync', ...job, limit: SYNC_PAGE, maxPages: null });
        syncCpu.hub += ((await readProcessFigures(hub.url)).cpuSeconds - cpu.cpuSeconds) / SYNC_ROUNDS;
        syncCpu.consumer += sync.cpuSeconds / SYNC_ROUNDS;
        syncs.push({ label: 'HTTP sync, one consumer', rows: sync.rows, seconds: sync.seconds });
        scans.push(scanPositions(hub.databaseFile, -1));
      }
    } finally {
      client.stop();
      hubSchema.close();
      rowidOnly.close();
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
    const trackway = { label: 'HTTP + pipeline + derivation', rows: rowsTimed, seconds: ingest.hub };
    const what = `${clients} clients, ${devices.toLocaleString('en-US')} devices round-robin`;
    const ingestVsRowid: Comparison = {
      name: `ingest: POST /api/v1/ingest until derivation caught up, ${what}, vs a rowid-only insert`,
      trackway,
      baseline: { label: 'INSERT into a rowid-only table', rows: rowsTimed, seconds: ingest.rowid },
      rounds: rounds.rowid,
      target: INGEST_TARGET,
      notes: [
        `median of the rounds: ${fmt(median(rounds.rowid), 3)}; ` +
          `wall time per 1,000-row batch: ${fmt((ingest.hub * 1000) / count, 2)} ms with ${clients} in flight; ` +
          `CPU: hub ${fmt(ingest.hubCpu)} s, senders ${fmt(ingest.senderCpu)} s, over ${fmt(ingest.hub)} s`,
        'hub time per batch, from its /metrics (derivation runs after the answer, outside these):',
        ...breakdown.map(([k, v]) => `  ${k.padEnd(26)} ${fmt(v, 2).padStart(7)} ms`),
      ],
    };
    const ingestVsSchema: Comparison = {
      name: `ingest: the same run vs a raw insert into the hub's own schema`,
      trackway,
      baseline: { label: "INSERT into the hub's schema", rows: rowsTimed, seconds: ingest.raw },
      rounds: rounds.raw,
      notes: [`median of the rounds: ${fmt(median(rounds.raw), 3)}`],
    };
    const rss: Figure = {
      name: `hub RSS right after ingest with ${devices.toLocaleString('en-US')} devices`,
      value: rssMb,
      unit: 'MB',
      max: RSS_LIMIT_MB,
      notes: ['the hub process alone (process_resident_memory_bytes), its baselines run in another process'],
    };
    const sync: Comparison = {
      name: `sync export: GET /api/v1/sync?limit=${SYNC_PAGE}, followed to the end (fastest of ${SYNC_ROUNDS})`,
      trackway: fastest(syncs),
      baseline: fastest(scans),
      rounds: syncs.map((s, i) => scans[i]!.seconds / s.seconds),
      target: SYNC_TARGET,
      notes: [
        `CPU per export, on average: hub ${fmt(syncCpu.hub)} s, consumer ${fmt(syncCpu.consumer)} s ` +
          '(it parses each page, in its own process)',
      ],
    };
    return [ingestVsRowid, ingestVsSchema, rss, sync];
  },
};
