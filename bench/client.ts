import { performance } from 'node:perf_hooks';
import { BATCH_SIZE, batchFixes, wireRecord, type BatchRef } from './fleet.ts';

/**
 * Child-process side of the bench, timed from its own clock: send these batches (each client its own, the clients
 * side by side), or these prepared bodies one after another, or follow the sync cursor from the start for at most
 * `maxPages` pages (null: to the end). With `settle`, the clock stops only when derivation has caught up with
 * what was sent: `GET /api/v1/events` answers once derivation has handled everything committed before it.
 * With `probeHealth`, `/health` is asked every 20 ms while the job runs and its answer times are reported.
 */
export type ClientJob =
  | {
      kind: 'ingest';
      url: string;
      token: string;
      clients: number;
      batches: BatchRef[];
      settle?: boolean;
    }
  | {
      kind: 'bodies';
      url: string;
      token: string;
      bodies: { body: string; rows: number }[];
      settle?: boolean;
      probeHealth?: boolean;
    }
  | { kind: 'sync'; url: string; token: string; limit: number; maxPages: number | null };

export interface ClientResult {
  rows: number;
  seconds: number;
  /** CPU this process used while timed: what the sender itself took from the cores it shares with the hub. */
  cpuSeconds: number;
  /** `/health` answer times in ms while the job ran, when probed. */
  healthMs?: number[];
}

export type ClientReply = { ok: true; result: ClientResult } | { ok: false; error: string };

const REQUEST_TIMEOUT_MS = 60_000;

async function call(url: string, token: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function post(job: { url: string; token: string }, body: string, rows = BATCH_SIZE): Promise<void> {
  const summary = (await call(`${job.url}/api/v1/ingest`, job.token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })) as { accepted: number; duplicate: number; rejected: number };
  // A bench that silently counted duplicates or rejections as throughput would flatter the hub.
  if (summary.accepted !== rows) throw new Error(`batch not fully accepted: ${JSON.stringify(summary)}`);
}

/** Waits until derivation has handled everything committed so far. */
async function settle(job: { url: string; token: string }): Promise<void> {
  await call(`${job.url}/api/v1/events?limit=1`, job.token);
}

async function ingest(job: Extract<ClientJob, { kind: 'ingest' }>): Promise<number> {
  const perClient = Array.from({ length: job.clients }, (_, c) => job.batches.filter((r) => r.client === c));
  await Promise.all(
    perClient.map(async (mine) => {
      for (const ref of mine)
        await post(job, JSON.stringify(batchFixes(ref.client, ref.local).map(wireRecord)));
    }),
  );
  if (job.settle) await settle(job);
  return job.batches.length * BATCH_SIZE;
}

async function bodies(job: Extract<ClientJob, { kind: 'bodies' }>): Promise<number> {
  for (const { body, rows } of job.bodies) await post(job, body, rows);
  if (job.settle) await settle(job);
  return job.bodies.reduce((sum, b) => sum + b.rows, 0);
}

/** Asks `/health` every 20 ms until `done` resolves; the answer times in ms. */
async function probeHealth(url: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  while (!finished) {
    const started = performance.now();
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.text();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}

/** Follows the sync cursor from the start, as a consumer exporting everything would. */
async function sync(job: Extract<ClientJob, { kind: 'sync' }>): Promise<number> {
  let after: string | null = null;
  let rows = 0;
  for (let page = 0; page < (job.maxPages ?? Infinity); page++) {
    const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const res = (await call(`${job.url}/api/v1/sync?limit=${job.limit}${query}`, job.token)) as {
      records: unknown[];
      next: string;
      more: boolean;
    };
    rows += res.records.length;
    after = res.next;
    if (!res.more) break;
  }
  return rows;
}

async function timedRun(work: () => Promise<number>, healthUrl?: string): Promise<ClientResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const working = work();
  const probing = healthUrl ? probeHealth(healthUrl, working) : null;
  const rows = await working;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const result: ClientResult = { rows, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
  if (probing) result.healthMs = await probing;
  return result;
}

const work = (job: ClientJob) =>
  job.kind === 'ingest' ? ingest(job) : job.kind === 'bodies' ? bodies(job) : sync(job);

// Jobs come one at a time; the process ends when the parent disconnects.
process.on('message', (job: ClientJob) => {
  timedRun(() => work(job), job.kind === 'bodies' && job.probeHealth ? job.url : undefined)
    .then(
      (result): ClientReply => ({ ok: true, result }),
      (err: unknown): ClientReply => ({
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    )
    .then((reply) => process.send!(reply))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
});
