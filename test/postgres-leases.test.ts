import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCloud, messages } from '../src/ingest/testing/fake-cloud.ts';
import { TEST_VENDOR } from '../src/ingest/testing/test-connector.ts';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { childEnv, ROOT } from './support/server.ts';

interface Worker {
  owner: string;
  child: ChildProcess;
  /** Requests this worker sent to the cloud: time (ms) and cursor. */
  requests: { at: number; cursor: string }[];
  exited: Promise<void>;
}

function startWorker(owner: string, databaseUrl: string): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test', 'support', 'ingest-worker.ts'), owner],
    { cwd: ROOT, env: childEnv({ DATABASE_URL: databaseUrl }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const worker: Worker = {
    owner,
    child,
    requests: [],
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const m = /^request \S+ (\d+) (\S+)$/.exec(line);
        if (m) worker.requests.push({ at: Number(m[1]), cursor: m[2]! });
        if (line === 'ready') resolve(worker);
      }
    });
    void worker.exited.then(() => reject(new Error(`worker ${owner} exited early:\n${stderr}`)));
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('pull sources across processes sharing PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('runs a source on one process at a time and moves it when that process is killed', async () => {
    const db = await freshDatabaseUrl();
    cleanups.push(db.drop);
    const storage = new PostgresStorage(db.url, { max: 2 });
    cleanups.push(() => storage.close());
    await storage.migrate();
    const cloud = new FakeCloud(() => Date.now());
    // Slow answers, so that the kill lands while pages remain.
    cloud.delayMs = 150;
    const feed = messages('spot-1', 30, Date.UTC(2025, 8, 1));
    cloud.addFeed('alpine', feed);
    const baseUrl = await cloud.start();
    cleanups.push(() => cloud.close());
    const group = await storage.createGroup({ parentId: null, name: 'fleet' });
    const source = await storage.createSource({
      groupId: group.id,
      vendor: TEST_VENDOR,
      kind: 'pull',
      name: 'alpine',
      settings: { baseUrl, feed: 'alpine', token: cloud.token },
    });

    const a = await startWorker('a', db.url);
    cleanups.push(async () => void a.child.kill('SIGKILL'));
    await until(() => a.requests.length >= 1, 'a asks first');
    const b = await startWorker('b', db.url);
    cleanups.push(async () => {
      b.child.kill('SIGTERM');
      await b.exited;
    });
    await until(() => a.requests.length >= 4, 'a reads a few pages');
    expect(await storage.sourceLeaseOwner(source.id)).toBe('a');
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();

    await until(
      async () => (await storage.getSource(source.id))!.cursor === '30',
      'b reads the feed to its end',
    );
    expect(await storage.sourceLeaseOwner(source.id)).toBe('b');
    expect((await storage.getSource(source.id))!.leaseOwner).toBe('b');
    // b asked nothing while a held the source, then took over.
    expect(b.requests.length).toBeGreaterThan(0);
    expect(b.requests[0]!.at).toBeGreaterThan(a.requests[a.requests.length - 1]!.at);
    expect(b.requests[0]!.at).toBeGreaterThanOrEqual(killedAt);
    // Every page was asked for; only the one in flight at the kill may have been asked twice.
    const cursors = [...a.requests, ...b.requests]
      .map((r) => r.cursor)
      .filter((c, i, all) => c !== all[i - 1]);
    const pages = ['-', ...Array.from({ length: 14 }, (_, i) => String((i + 1) * 2))];
    expect(cursors.slice(0, pages.length)).toEqual(pages);
    // Each message stored exactly once.
    const device = (await storage.listDevices({ scope: '/', limit: 10 })).items;
    expect(device).toHaveLength(1);
    const stored = await storage.listMessages({ deviceId: device[0]!.id, limit: 100 });
    expect(stored.items.map((m) => m.sourceMessageId).sort()).toEqual(feed.map((m) => m.id).sort());
  });
});
