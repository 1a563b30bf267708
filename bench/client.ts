import { performance } from 'node:perf_hooks';
import { BATCH_SIZE, batchFixes, wireRecord, type BatchRef } from './fleet.ts';

/**
 * Child-process side of the bench, timed from its own clock: send these batches (each client its own, the clients
 * side by side), or follow the sync cursor from the start for at most `maxPages` pages (null: to the end).
 */
export type ClientJob =
  | { kind: 'ingest'; url: string; token: string; clients: number; batches: BatchRef[] }
  | { kind: 'sync'; url: string; token: string; limit: number; maxPages: number | null };

export interface ClientResult {
  rows: number;
  seconds: number;
  /** CPU this process used while timed: what the sender itself took from the cores it shares with the hub. */
  cpuSeconds: number;
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

async function post(job: Extract<ClientJob, { kind: 'ingest' }>, ref: BatchRef): Promise<void> {
  const body = JSON.stringify(batchFixes(ref.client, ref.local).map(wireRecord));
  const summary = (await call(`${job.url}/api/v1/ingest`, job.token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })) as { accepted: number; duplicate: number; rejected: number };
  // A bench that silently counted duplicates or rejections as throughput would flatter the hub.
  if (summary.accepted !== BATCH_SIZE)
    throw new Error(`batch not fully accepted: ${JSON.stringify(summary)}`);
}

async function ingest(job: Extract<ClientJob, { kind: 'ingest' }>): Promise<number> {
  const perClient = Array.from({ length: job.clients }, (_, c) => job.batches.filter((r) => r.client === c));
  await Promise.all(
    perClient.map(async (mine) => {
      for (const ref of mine) await post(job, ref);
    }),
  );
  return job.batches.length * BATCH_SIZE;
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

async function timedRun(work: () => Promise<number>): Promise<ClientResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rows = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rows, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

// Jobs come one at a time; the process ends when the parent disconnects.
process.on('message', (job: ClientJob) => {
  timedRun(() => (job.kind === 'ingest' ? ingest(job) : sync(job)))
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
