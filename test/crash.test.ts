import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGps365, type FakeGps365 } from '../src/vendors/gps365/fake-cloud/fake-cloud.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { pushSourceWithSecret } from './support/receivers.ts';
import {
  ADMIN_TOKEN,
  childEnv,
  freePort,
  makeTempDir,
  removeTempDir,
  ROOT,
  startServer,
  type RunningServer,
} from './support/server.ts';

/** Fix times of the senders' records start here, one second apart per device. */
const T0 = Date.UTC(2026, 0, 1);
const KILLS = 4;
const BATCH_SENDERS = 2;
const OSMAND_SENDERS = 2;
const TRACKERS = 3;
/** How often each tracker of the fake GPS365 cloud receives a new row while the hub is being killed. */
const CLOUD_ROW_MS = 250;
/** A killed process's lease (30 s) and the runtime's rescan (15 s) pass before its sources run again. */
const CATCH_UP_MS = 90_000;
/** How long each incarnation lives before its SIGKILL, at random between these. */
const MIN_LIFE_MS = 1_000;
const MAX_LIFE_MS = 6_000;
const SENDER = join(ROOT, 'test', 'support', 'crash-sender.ts');

interface Ack {
  device: string;
  index: number;
  count: number;
}

/** A sender process (./support/crash-sender.ts) and what the hub acknowledged to it. */
interface Sender {
  device: string;
  acks: Ack[];
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr(): string;
}

function startSender(mode: 'batch' | 'osmand', url: string, secret: string, device: string): Sender {
  const child = spawn(process.execPath, ['--import', 'tsx', SENDER, mode, url, secret, device, String(T0)], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: Ack[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const [, d, index, count] = line.split(' ');
      acks.push({ device: d!, index: Number(index), count: Number(count) });
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { device, acks, child, exited, stderr: () => stderr };
}

const acknowledged = (senders: Sender[]) =>
  senders.reduce((n, s) => n + s.acks.reduce((m, a) => m + a.count, 0), 0);

async function until<T>(
  check: () => Promise<T | null | false> | T | null | false,
  what: string,
  ms: number,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const databases = [
  { name: 'SQLite', env: async () => ({ env: {}, drop: async () => {} }) },
  {
    name: 'PostgreSQL',
    env: async () => {
      const db = await freshDatabaseUrl();
      return { env: { DATABASE_URL: db.url }, drop: db.drop };
    },
  },
];

/**
 * A real hub process killed with SIGKILL at random points while three kinds of ingest run against it: the
 * batch API and the OsmAnd receiver from sender processes that retry what was not acknowledged, and a GPS365
 * pull source against a fake cloud that keeps receiving rows. After the last restart, everything acknowledged
 * is stored exactly once and the connector has every row of the cloud, once.
 */
describe.each(databases)('SIGKILL during sustained ingest, on $name', ({ env: databaseEnv }) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  it('keeps every acknowledged record exactly once, and the connector resumes without a gap', async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    let state = seed;
    // Random points, reproducible from the seed printed with a failure.
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

    const { env, drop } = await databaseEnv();
    cleanups.push(drop);
    const dataDir = await makeTempDir();
    cleanups.push(() => removeTempDir(dataDir));
    const port = await freePort();
    const cloud: FakeGps365 = await startFakeGps365({
      trackers: TRACKERS,
      history: { rows: 300, stepMs: 60_000 },
    });
    cleanups.push(() => cloud.stop());

    let hub: RunningServer;
    const start = async () => {
      // Restarts run beside the senders, which keep a loaded machine busier still.
      hub = await startServer({
        dataDir,
        env,
        args: ['--port', String(port), '--data-dir', dataDir],
        startTimeoutMs: 60_000,
      });
      return hub;
    };
    await start();
    cleanups.push(() => hub.dispose());
    const admin = new Api(hub!.url, ADMIN_TOKEN);
    const report = () => `seed ${seed}; hub stderr:\n${hub.stderr()}`;

    const { secret } = await pushSourceWithSecret(admin, 'osmand');
    const source = expectStatus(
      await admin.post('/api/v1/sources', {
        vendor: 'gps365',
        kind: 'pull',
        name: 'fleet',
        settings: { baseUrl: cloud.url, apiToken: cloud.token, pollSeconds: 10, backfillDays: 1 },
      }),
      201,
    );

    // Rows with distinct tracker times, received by the cloud as the test goes on: the live tail's work.
    let cloudRows = 0;
    const producer = setInterval(() => {
      cloudRows++;
      for (const t of cloud.trackers) cloud.add(t.id, [{ date: T0 - 86_400_000 + cloudRows * 1000 }]);
    }, CLOUD_ROW_MS);
    cleanups.push(async () => clearInterval(producer));

    const senders = [
      ...Array.from({ length: BATCH_SENDERS }, (_, i) =>
        startSender('batch', hub!.url, ADMIN_TOKEN, `batch-${i}`),
      ),
      ...Array.from({ length: OSMAND_SENDERS }, (_, i) =>
        startSender('osmand', hub!.url, secret, `osmand-${i}`),
      ),
    ];
    cleanups.push(async () => {
      for (const s of senders) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    });

    let killedWithCloudRequest = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      // Each incarnation acknowledges records of both senders, then dies at a random time (the first one once
      // its connector has asked the cloud: later ones find the source leased to the dead process until the
      // lease runs out, so the connector resumes in whichever incarnation outlives it, or in the last).
      const base = acknowledged(senders);
      const osmandBase = acknowledged(senders.slice(BATCH_SENDERS));
      const requestsBase = cloud.requests.length;
      const dieAt = Date.now() + MIN_LIFE_MS + random() * (MAX_LIFE_MS - MIN_LIFE_MS);
      await until(
        () =>
          Date.now() >= dieAt &&
          acknowledged(senders) > base &&
          acknowledged(senders.slice(BATCH_SENDERS)) > osmandBase &&
          (kill > 0 || cloud.requests.length > requestsBase),
        `incarnation ${kill} acknowledged records${kill === 0 ? ' and asked the cloud' : ''}`,
        30_000,
        report,
      );
      if (cloud.requests.length > requestsBase) killedWithCloudRequest++;
      process.kill(hub!.pid, 'SIGKILL');
      expect(await hub!.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await start();
    }

    // The last incarnation stays up: the senders finish what they have in flight, the cloud stops receiving.
    for (const s of senders) s.child.kill('SIGTERM');
    const codes = await Promise.all(senders.map((s) => s.exited));
    expect(codes, senders.map((s) => s.stderr()).join('\n')).toEqual(senders.map(() => 0));
    clearInterval(producer);

    const stored = new Map<number, string>();
    const devices = new Map<number, string>();
    let cursor: string | null = null;
    const cloudKeys = new Set(cloud.rows.map((r) => `gps365:${r.trackerId}|${r.date}`));
    const api = new Api(hub!.url, ADMIN_TOKEN);
    const readNew = async () => {
      const { records, next } = await api.syncAll(cursor, 5000);
      cursor = next;
      for (const r of records as Json[]) {
        if (r.kind !== 'position') continue;
        if (!devices.has(r.position.deviceId)) {
          for (const d of await api.all('/api/v1/devices')) {
            devices.set(d.id, `${d.externalIds[0].vendor}:${d.externalIds[0].externalId}`);
          }
        }
        stored.set(r.position.id, `${devices.get(r.position.deviceId)}|${Date.parse(r.position.fixTime)}`);
      }
      return stored;
    };
    const fromCloud = () => [...stored.values()].filter((k) => k.startsWith('gps365:'));
    await until(
      async () => (await readNew(), fromCloud().length >= cloudKeys.size),
      `the GPS365 source has every row of the cloud (${cloudKeys.size})`,
      CATCH_UP_MS,
      () => `${fromCloud().length} of ${cloudKeys.size}; ${report()}`,
    );

    const storedKeys = new Set<string>();
    const twice: string[] = [];
    for (const key of stored.values()) {
      if (storedKeys.has(key)) twice.push(key);
      storedKeys.add(key);
    }
    expect(twice.slice(0, 5), `${twice.length} stored twice; seed ${seed}`).toEqual([]);
    const missing: string[] = [];
    for (const s of senders) {
      const vendor = s.device.startsWith('batch') ? 'crash' : 'osmand';
      for (const a of s.acks) {
        for (let i = a.index; i < a.index + a.count; i++) {
          const key = `${vendor}:${a.device}|${T0 + i * 1000}`;
          if (!storedKeys.has(key)) missing.push(key);
        }
      }
    }
    expect(missing.slice(0, 5), `${missing.length} acknowledged records missing; seed ${seed}`).toEqual([]);
    expect(new Set(fromCloud())).toEqual(cloudKeys);
    expect(fromCloud()).toHaveLength(cloudKeys.size);
    // Every kind of ingest was at work across the kills.
    expect(acknowledged(senders.slice(0, BATCH_SENDERS))).toBeGreaterThan(KILLS);
    expect(acknowledged(senders.slice(BATCH_SENDERS))).toBeGreaterThanOrEqual(KILLS);
    expect(killedWithCloudRequest).toBeGreaterThan(0);
    const after = expectStatus(await api.get(`/api/v1/sources/${source.id}`), 200);
    expect(after, report()).toMatchObject({ status: expect.stringMatching(/idle|running/), lastError: null });
  }, 240_000);
});
