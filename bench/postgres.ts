import postgres, { type Sql } from 'postgres';
import { syncHead } from '../src/storage/postgres/sync.ts';
import { freshSchema, requireServer, TEST_URL } from '../src/storage/postgres/test-database.ts';
import { startClientProcess, type ClientProcess } from './client-process.ts';
import { BATCH_SIZE, DEVICES_PER_CLIENT, timedBatches, warmupBatches, type BatchRef } from './fleet.ts';
import { benchToken, startHubProcess, type HubProcess } from './hub-process.ts';
import { copyBatches, createRawTable } from './raw-postgres.ts';
import type { Comparison, Scenario } from './scenario.ts';

const WARMUP_BATCHES_PER_CLIENT = 2;
const ROUNDS = 4;

function slices(refs: BatchRef[], n: number): BatchRef[][] {
  const size = Math.ceil(refs.length / n);
  return Array.from({ length: Math.ceil(refs.length / size) }, (_, i) =>
    refs.slice(i * size, (i + 1) * size),
  );
}

/** The batches of every other client: what one of two senders sends. */
const half = (refs: BatchRef[], which: 0 | 1) => refs.filter((r) => r.client % 2 === which);

const CATCH_UP_POLL_MS = 20;
const CATCH_UP_LIMIT_MS = 600_000;

/**
 * Resolves once derivation has handled everything committed: its cursor in the database has reached the head of
 * the commit order, and the events it derived (which move the head) are handled too. Read from the database, as
 * whichever hub process holds derivation's lease is the one doing the work.
 */
async function derivationCaughtUp(sql: Sql): Promise<void> {
  const giveUp = Date.now() + CATCH_UP_LIMIT_MS;
  for (;;) {
    const head = await syncHead(sql);
    const [row] = await sql`SELECT cursor FROM consumers WHERE name = 'derive'`;
    if (row?.cursor === head) return;
    if (Date.now() > giveUp) throw new Error(`derivation did not catch up in ${CATCH_UP_LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
}

/**
 * Sends a slice through two client processes at once, each with its half of the clients, to `targets` (the same
 * hub twice, or one hub each); returns the wall time until both are done and derivation has caught up.
 */
async function send(
  sql: Sql,
  senders: ClientProcess[],
  targets: HubProcess[],
  clients: number,
  slice: BatchRef[],
) {
  const started = performance.now();
  await Promise.all(
    senders.map((sender, i) =>
      sender.run({
        kind: 'ingest',
        url: targets[i]!.url,
        token: targets[i]!.token,
        clients,
        batches: half(slice, i as 0 | 1),
      }),
    ),
  );
  await derivationCaughtUp(sql);
  return (performance.now() - started) / 1000;
}

/**
 * PostgreSQL (the server of TRACKWAY_TEST_PG_URL, default the local one, in a schema of its own): ingest over
 * HTTP against a raw COPY of the same rows; then two hub processes against one, with the same senders.
 */
export const postgresScenario: Scenario = {
  name: 'postgres',
  async run({ rows, clients, profileDir }): Promise<Comparison[]> {
    try {
      await requireServer();
    } catch (err) {
      // The other scenarios' figures still print; this says plainly why these are missing.
      console.error(`\npostgres scenario NOT RUN: ${(err as Error).message}`);
      return [];
    }
    const schema = freshSchema();
    const url = new URL(TEST_URL);
    url.searchParams.set('schema', schema);
    const sql = postgres(TEST_URL, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
    const senderCount = Math.max(2, clients);
    const count = Math.max(ROUNDS * 2, Math.round(rows / BATCH_SIZE));
    const warmup = warmupBatches(senderCount, WARMUP_BATCHES_PER_CLIENT);
    const timed = timedBatches(senderCount, WARMUP_BATCHES_PER_CLIENT, count * 2);
    const [copyPart, scalePart] = [timed.slice(0, count), timed.slice(count)];
    const token = benchToken();
    const hubs: HubProcess[] = [];
    const senders = [startClientProcess(), startClientProcess()];
    const ingest = { hub: 0, copy: 0, rounds: [] as number[] };
    const scale = { one: 0, two: 0, rounds: [] as number[] };
    try {
      hubs.push(await startHubProcess(url.toString(), token, profileDir));
      hubs.push(await startHubProcess(url.toString(), token, profileDir));
      await createRawTable(sql);
      await copyBatches(sql, warmup);
      await send(sql, senders, [hubs[0]!, hubs[1]!], senderCount, warmup);
      for (const slice of slices(copyPart, ROUNDS)) {
        const copySeconds = await copyBatches(sql, slice);
        const hubSeconds = await send(sql, senders, [hubs[0]!, hubs[0]!], senderCount, slice);
        ingest.copy += copySeconds;
        ingest.hub += hubSeconds;
        ingest.rounds.push(copySeconds / hubSeconds);
      }
      // Alternating rounds, so that the table's growth and the machine's other load fall on both alike.
      let oneSeconds = 0;
      for (const [i, slice] of slices(scalePart, ROUNDS * 2).entries()) {
        const two = i % 2 === 1;
        const seconds = await send(
          sql,
          senders,
          two ? [hubs[0]!, hubs[1]!] : [hubs[0]!, hubs[0]!],
          senderCount,
          slice,
        );
        if (two) {
          scale.two += seconds;
          scale.rounds.push(oneSeconds / seconds);
        } else {
          scale.one += seconds;
          oneSeconds = seconds;
        }
      }
      const [stored] = await sql`SELECT count(*) AS n FROM positions`;
      const expected = (warmup.length + timed.length) * BATCH_SIZE;
      if (Number(stored!.n) !== expected)
        throw new Error(`expected ${expected} positions, found ${stored!.n}`);
    } finally {
      for (const s of senders) s.stop();
      await Promise.all(hubs.map((h) => h.stop()));
      await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
      await sql.end();
    }
    const copyRows = copyPart.length * BATCH_SIZE;
    const scaleRows = (scalePart.length * BATCH_SIZE) / 2;
    const devices = senderCount * DEVICES_PER_CLIENT;
    return [
      {
        name: `postgres ingest: POST /api/v1/ingest, one hub process, ${senderCount} clients, ${devices} devices`,
        trackway: { label: 'HTTP + full pipeline into PostgreSQL', rows: copyRows, seconds: ingest.hub },
        baseline: { label: 'COPY of the same rows, same keys', rows: copyRows, seconds: ingest.copy },
        rounds: ingest.rounds,
        target: 0.5,
        notes: [
          'each 1,000-row batch in a transaction of its own on both sides: the hub inserts it with unnest arrays ' +
            '(one statement per table), the baseline with one COPY; the hub is timed until derivation has caught up',
        ],
      },
      {
        name: `postgres scale-out: two hub processes against one, same ${senderCount} clients`,
        trackway: { label: 'two hub processes', rows: scaleRows, seconds: scale.two },
        baseline: { label: 'one hub process', rows: scaleRows, seconds: scale.one },
        rounds: scale.rounds,
        notes: [
          'above 1: the second process adds throughput; the hubs, the senders and PostgreSQL share the CPUs',
        ],
      },
    ];
  },
};
