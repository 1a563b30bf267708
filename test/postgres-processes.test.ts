import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, fix, type Json } from './support/api.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';
import { openStream } from './support/sse.ts';

const T0 = Date.UTC(2025, 8, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const BATCHES = 20;
const PER_BATCH = 25;

describe('several serve processes on one PostgreSQL database', () => {
  const servers: RunningServer[] = [];
  let apis: Api[];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabaseUrl();
    drop = db.drop;
    // One after the other: the first start creates the schema and the root group the others find.
    for (let i = 0; i < 3; i++) servers.push(await startServer({ env: { DATABASE_URL: db.url } }));
    apis = servers.map((s) => new Api(s.url, ADMIN_TOKEN));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.dispose()));
    await drop?.();
  });

  it('streams a commit made on one process to live subscribers of every process, once each', async () => {
    const streams = await Promise.all(servers.map((s) => openStream(`${s.url}/api/v1/stream`, ADMIN_TOKEN)));
    try {
      const sent = [0, 1, 2].map((i) => fix('live', `tracker-${i}`, T0 + i * 1000));
      for (const [i, record] of sent.entries()) {
        expectStatus(await apis[i]!.ingest([record]), 200);
      }
      const positions = (messages: { event: string; data: Json }[]) =>
        messages.filter((m) => m.event === 'position');
      for (const stream of streams) {
        const got = positions(await stream.waitFor((m) => positions(m).length >= 3, 10_000));
        expect(got.map((m) => m.data.fixTime).sort()).toEqual(sent.map((r) => r.fixTime).sort());
      }
      // Nothing is published twice on any process (say, once locally and once through the database).
      await Promise.all(apis.map((a) => a.ingest([fix('live', 'marker', T0 + 10_000)])));
      for (const stream of streams) {
        const got = positions(await stream.waitFor((m) => positions(m).length >= 4, 10_000));
        expect(got).toHaveLength(4);
      }
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it("streams another process's commits to a scoped subscriber only within its group subtree", async () => {
    const admin = apis[0]!;
    const north = expectStatus(await admin.post('/api/v1/groups', { name: 'north' }), 201);
    const other = expectStatus(await admin.post('/api/v1/groups', { name: 'other' }), 201);
    const inside = expectStatus(await admin.post('/api/v1/devices', { name: 'in', groupId: north.id }), 201);
    const outside = expectStatus(
      await admin.post('/api/v1/devices', { name: 'out', groupId: other.id }),
      201,
    );
    const token = expectStatus(
      await admin.post('/api/v1/tokens', { name: 'north', role: 'manager', groupId: north.id }),
      201,
    ).token;
    const stream = await openStream(`${servers[1]!.url}/api/v1/stream`, token);
    try {
      expect(stream.status).toBe(200);
      // Committed in this order: once the inside fix has arrived, a leaked outside one would have too.
      expectStatus(await admin.ingest([{ deviceId: outside.id, fixTime: iso(T0), lat: 2, lon: 2 }]), 200);
      expectStatus(await admin.ingest([{ deviceId: inside.id, fixTime: iso(T0), lat: 1, lon: 1 }]), 200);
      const seen = await stream.waitFor((m) => m.some((x) => x.event === 'position'), 10_000);
      expect(seen.filter((m) => m.event === 'position').map((m) => m.data.deviceId)).toEqual([inside.id]);
      expect(seen.every((m) => m.data.deviceId === inside.id)).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('gives one follower every record written through three processes at once, exactly once', async () => {
    const { next: start } = await apis[0]!.syncAll();
    const sent = new Set<string>();
    const writer = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const records = Array.from({ length: PER_BATCH }, (_, i) => {
          const n = b * PER_BATCH + i;
          // Every writer also writes to a device the others write to: they contend for its row.
          const externalId = n % 3 === 0 ? 'shared' : `w${w}`;
          const record = fix('multi', externalId, T0 + (n * 3 + w) * 1000);
          sent.add(`${externalId}|${record.fixTime}`);
          return record;
        });
        expect(expectStatus(await apis[w]!.ingest(records), 200)).toMatchObject({ accepted: PER_BATCH });
      }
    };
    let writing = true;
    const seen: Json[] = [];
    const follower = (async () => {
      let after: string | null = start;
      let quietAfterDone = 0;
      // Bounded: ends two empty polls after the writers are done.
      for (let poll = 0; poll < 20_000; poll++) {
        const q = new URLSearchParams({ limit: '50', after: after! });
        const res = expectStatus(await apis[poll % 3]!.get(`/api/v1/sync?${q}`), 200);
        seen.push(...res.records);
        after = res.next;
        if (res.records.length) continue;
        if (!writing && ++quietAfterDone >= 2) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('follower did not finish within its poll budget');
    })();
    await Promise.all([0, 1, 2].map(writer));
    writing = false;
    await follower;

    const devices = new Map<number, string>(
      (await apis[0]!.all('/api/v1/devices')).map((d) => [d.id, d.externalIds[0]?.externalId]),
    );
    const ids = seen.map((r) => `${r.kind}#${(r.position ?? r.event ?? r.message).id}`);
    expect(new Set(ids).size).toBe(ids.length);
    const got = seen
      .filter((r) => r.kind === 'position')
      .map((r) => `${devices.get(r.position.deviceId)}|${r.position.fixTime}`);
    expect(got).toHaveLength(3 * BATCHES * PER_BATCH);
    expect(new Set(got)).toEqual(sent);
  });
});

describe('serve processes starting together on a fresh PostgreSQL database', () => {
  it('all start, on one schema, one root group and one admin token', async () => {
    const db = await freshDatabaseUrl();
    const started = await Promise.allSettled(
      [0, 1, 2].map(() => startServer({ env: { DATABASE_URL: db.url } })),
    );
    try {
      const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(
        started
          .filter((r) => r.status === 'rejected')
          .map((r) => String((r as PromiseRejectedResult).reason)),
      ).toEqual([]);
      for (const server of servers) {
        const groups = expectStatus(await new Api(server.url, ADMIN_TOKEN).get('/api/v1/groups'), 200);
        expect((groups.items ?? groups).map((g: Json) => g.parentId)).toEqual([null]);
      }
      const tokens = expectStatus(await new Api(servers[0]!.url, ADMIN_TOKEN).get('/api/v1/tokens'), 200);
      expect(tokens.items ?? tokens).toHaveLength(1);
    } finally {
      await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.dispose() : undefined)));
      await db.drop();
    }
  });
});
