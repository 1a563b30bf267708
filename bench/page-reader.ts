import { performance } from 'node:perf_hooks';

/**
 * Child-process side of the latest-positions bench: reads a paged list of the native API to its end, as a map
 * client loading every device would, timed from its own clock. Runs jobs sent by `pageReaderProcess` until its
 * parent disconnects.
 */
export interface PageJob {
  url: string;
  token: string;
  /** The list, e.g. `/api/v1/devices?limit=1000`. */
  path: string;
}

export type PageReply = { ok: true; rows: number; seconds: number } | { ok: false; error: string };

async function readAll(job: PageJob): Promise<number> {
  let rows = 0;
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const url: string = `${job.url}${job.path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${job.token}` } });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const body = (await res.json()) as { items: { latestPosition: unknown }[]; next: string | null };
    rows += body.items.filter((d) => d.latestPosition).length;
    cursor = body.next;
    if (!cursor) return rows;
  }
  throw new Error('the list did not end after 10,000 pages');
}

process.on('message', (job: PageJob) => {
  const started = performance.now();
  readAll(job).then(
    (rows) => process.send!({ ok: true, rows, seconds: (performance.now() - started) / 1000 } as PageReply),
    (err: unknown) => process.send!({ ok: false, error: String(err) } as PageReply),
  );
});
