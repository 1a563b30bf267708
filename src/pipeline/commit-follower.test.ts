import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import type { CommitResult, SyncRecord } from '../storage/storage.ts';
import { CommitFollower } from './commit-follower.ts';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);

describe('CommitFollower offers', () => {
  let dir: string;
  let storage: SqliteStorage;
  let deviceId: number;
  let reads: number;
  let handled: number[];
  let follower: CommitFollower;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-follower-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    const group = await storage.createGroup({ parentId: null, name: 'fleet' });
    deviceId = (await storage.createDevice({ groupId: group.id, name: 'car' })).id;
    reads = 0;
    const sync = storage.sync.bind(storage);
    storage.sync = (query) => {
      reads++;
      return sync(query);
    };
    handled = [];
    follower = new CommitFollower({
      storage,
      name: 'test',
      pageSize: 10,
      handle: async (records) => {
        for (const r of records) if (r.kind === 'position') handled.push(r.record.fixTime);
      },
    });
    await follower.init();
  });
  afterEach(async () => {
    await follower.stop();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Commits positions at the given seconds after T0. */
  const commit = (...seconds: number[]): Promise<CommitResult> =>
    storage.commit({
      records: seconds.map((s) => ({
        deviceId,
        position: { fixTime: T0 + s * 1000, lat: 52.5, lon: 13.4, valid: true },
      })),
      sourceId: null,
      receivedTime: Date.now(),
    });
  const positionsOf = (result: CommitResult): SyncRecord[] =>
    result.records.flatMap((r) =>
      r.status !== 'duplicate' && r.position ? [{ kind: 'position', record: r.position }] : [],
    );
  const offer = (result: CommitResult) => follower.offer(result.commitOrder!, positionsOf(result));

  it('takes offered commits from memory, without reading them back, and moves its cursor past them', async () => {
    offer(await commit(1, 2, 3));
    offer(await commit(4, 5));
    await follower.catchUp();
    expect(handled).toEqual([1, 2, 3, 4, 5].map((s) => T0 + s * 1000));
    expect(reads).toBe(0);
    expect(await storage.consumerCursor('test')).toBe(await storage.syncHead());
  });

  it('reads from the database what was not offered: a commit of another process breaks the chain', async () => {
    offer(await commit(1, 2));
    await commit(3); // committed elsewhere: never offered
    offer(await commit(4));
    await follower.catchUp();
    expect(handled.sort()).toEqual([1, 2, 3, 4].map((s) => T0 + s * 1000));
    expect(reads).toBeGreaterThan(0);
    // Each record once: the offer after the gap was read with it, and is not handled again.
    await commit(5);
    await follower.catchUp();
    expect(handled.length).toBe(5);
  });

  it('keeps a bounded number of offers, reading the refused ones back', async () => {
    // More commits than it keeps: the later ones are refused, and read back after the kept ones.
    for (let i = 0; i < 300; i++) offer(await commit(i));
    await follower.catchUp();
    expect(handled).toEqual(Array.from({ length: 300 }, (_, i) => T0 + i * 1000));
    expect(reads).toBeGreaterThan(0);
    // Then offers are taken again.
    const readsBefore = reads;
    offer(await commit(300));
    await follower.catchUp();
    expect(handled.at(-1)).toBe(T0 + 300_000);
    expect(reads).toBe(readsBefore);
  });

  it('reads a failed page back from the database when it is handled again', async () => {
    let fail = true;
    const seen: number[] = [];
    const flaky = new CommitFollower({
      storage,
      name: 'flaky',
      handle: async (records) => {
        if (fail) throw new Error('refused');
        for (const r of records) if (r.kind === 'position') seen.push(r.record.fixTime);
      },
    });
    await flaky.init();
    const result = await commit(1, 2);
    flaky.offer(result.commitOrder!, positionsOf(result));
    await expect(flaky.catchUp()).rejects.toThrow('refused');
    fail = false;
    const readsBefore = reads;
    await flaky.catchUp();
    expect(seen).toEqual([T0 + 1000, T0 + 2000]);
    expect(reads).toBeGreaterThan(readsBefore);
    await flaky.stop();
  });
});
