import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedRecord } from '../../model/ingest.ts';
import { describeStorageContract } from '../contract.ts';
import type { CommitResult, Storage, SyncRecord } from '../storage.ts';
import { PostgresStorage } from './postgres-storage.ts';
import { holdSyncWriterLock } from './sync-horizon.ts';
import { freshSchema, openFresh, requireServer, TEST_URL } from './test-database.ts';

await requireServer();

describeStorageContract('postgres', () => openFresh());

const T0 = Date.UTC(2026, 0, 1);
const key = (r: SyncRecord) => `${r.kind}:${r.record.id}`;
const committed = (result: CommitResult) =>
  result.records.flatMap((r) =>
    r.status === 'accepted'
      ? [
          ...(r.message ? [`message:${r.message.id}`] : []),
          ...(r.position ? [`position:${r.position.id}`] : []),
          ...r.events.map((e) => `event:${e.id}`),
        ]
      : [],
  );

async function drain(s: Storage, scope: string, after: string | null) {
  const keys: string[] = [];
  let cursor = after;
  for (;;) {
    const page = await s.sync({ scope, after: cursor, limit: 97 });
    keys.push(...page.records.map(key));
    if (!page.records.length) return { keys, cursor: page.next };
    cursor = page.next;
  }
}

describe('postgres storage', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function fresh() {
    const opened = await openFresh();
    cleanups.push(opened.cleanup);
    return opened.storage;
  }
  /** Another process on the same schema: its own connection pool. */
  function peer(of: PostgresStorage) {
    const s = new PostgresStorage(TEST_URL, { schema: of.schema, max: 2 });
    cleanups.push(() => s.close());
    return s;
  }

  it('gives a follower a row committed after rows with larger ids', async () => {
    const s = await fresh();
    const group = await s.createGroup({ parentId: null, name: 'fleet' });
    const [slowDevice, fastDevice] = [
      await s.createDevice({ groupId: group.id, name: 'slow' }),
      await s.createDevice({ groupId: group.id, name: 'fast' }),
    ];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const slowInserted = new Promise<void>((resolve) => (inserted = resolve));
    // A slow writer takes its id first and commits last.
    const slow = s.sql.begin(async (tx) => {
      await holdSyncWriterLock(tx);
      const [row] = await tx`INSERT INTO positions (device_id, fix_time, received_time, lat, lon)
        VALUES (${slowDevice!.id}, ${T0}, ${T0}, 1, 1) RETURNING id`;
      inserted();
      await held;
      return Number(row!.id);
    });
    await slowInserted;
    const fast = committed(
      await peer(s).commit({
        records: [{ deviceId: fastDevice!.id, position: { fixTime: T0, lat: 2, lon: 2 } }],
        sourceId: null,
        receivedTime: T0,
      }),
    );
    const before = await drain(s, group.path, null);
    release();
    const slowId = await slow;
    const after = await drain(s, group.path, before.cursor);

    expect(Number(fast[0]!.split(':')[1])).toBeGreaterThan(slowId);
    // While the slow writer is open, nothing past it may be handed out, or the cursor would skip it.
    expect(before.keys).toEqual([]);
    expect(after.keys.sort()).toEqual([`position:${slowId}`, ...fast].sort());
  });

  it('is not held back by a long transaction that writes no records', async () => {
    const s = await fresh();
    const group = await s.createGroup({ parentId: null, name: 'fleet' });
    const device = await s.createDevice({ groupId: group.id, name: 'truck' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const other = new Promise<void>((resolve) => (started = resolve));
    // Another application's transaction on the same server, with a transaction id older than the commit below.
    const unrelated = peer(s).sql.begin(async (tx) => {
      await tx`SELECT pg_current_xact_id()`;
      started();
      await held;
    });
    await other;
    const stored = committed(
      await s.commit({
        records: [{ deviceId: device.id, position: { fixTime: T0, lat: 1, lon: 1 } }],
        sourceId: null,
        receivedTime: T0,
      }),
    );
    const seen = await drain(s, group.path, null);
    release();
    await unrelated;

    expect(seen.keys).toEqual(stored);
  });

  it('gives a follower every record of concurrent writers exactly once', async () => {
    const s = await fresh();
    const group = await s.createGroup({ parentId: null, name: 'fleet' });
    const shared = await s.createDevice({ groupId: group.id, name: 'shared' });
    const writers = [0, 1, 2, 3].map(() => peer(s));
    const expected: string[] = [];
    let writing = true;
    const write = async (w: PostgresStorage, n: number) => {
      const own = await w.createDevice({ groupId: group.id, name: `own-${n}` });
      for (let b = 0; b < 15; b++) {
        const records: ResolvedRecord[] = Array.from({ length: 40 }, (_, i) => {
          const t = T0 + (b * 40 + i) * 1000;
          return {
            deviceId: i % 4 === 0 ? shared.id : own.id,
            position: { fixTime: t, lat: n, lon: i },
            message: { deviceTime: t, payload: `${n}-${b}-${i}` },
            ...(i % 10 === 0 ? { events: [{ type: 'sos' as const, time: t, key: `${n}` }] } : {}),
          };
        });
        expected.push(...committed(await w.commit({ records, sourceId: null, receivedTime: Date.now() })));
      }
    };
    const seen: string[] = [];
    const follower = (async () => {
      let cursor: string | null = null;
      while (writing) {
        const page = await s.sync({ scope: group.path, after: cursor, limit: 50 });
        seen.push(...page.records.map(key));
        cursor = page.next;
      }
      seen.push(...(await drain(s, group.path, cursor)).keys);
    })();
    await Promise.all(writers.map(write));
    writing = false;
    await follower;

    const missed = expected.filter((k) => !seen.includes(k));
    expect(expected).toHaveLength(4 * 15 * (40 * 2 + 4));
    expect(missed).toEqual([]);
    expect(seen).toHaveLength(expected.length);
  });

  it('applies migrations once when two processes start at once', async () => {
    const schema = freshSchema();
    const [a, b] = [0, 1].map(() => new PostgresStorage(TEST_URL, { schema, max: 1 }));
    cleanups.push(async () => {
      await a!.sql`DROP SCHEMA ${a!.sql(schema)} CASCADE`;
      await a!.close();
      await b!.close();
    });
    const results = await Promise.all([a!.migrate(), b!.migrate()]);
    const names = await a!.sql`SELECT name FROM schema_migrations`;

    expect(results.map((r) => r.applied.length).sort()).toEqual([0, names.length]);
    expect(names.map((r) => r.name)).toContain('0001_initial');
    expect((await b!.migrate()).applied).toEqual([]);
  });
});
