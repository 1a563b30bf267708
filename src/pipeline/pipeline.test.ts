import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestContext, IngestRecord } from '../model/ingest.ts';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import type { PipelineBatch } from './batch.ts';
import { Pipeline } from './pipeline.ts';

describe('Pipeline', () => {
  let dir: string;
  let storage: SqliteStorage;
  let pipeline: Pipeline;
  let context: IngestContext;
  const now = Date.UTC(2026, 5, 1, 12);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trackway-pipeline-'));
    storage = new SqliteStorage(join(dir, 'test.db'));
    await storage.migrate();
    const root = await storage.createGroup({ parentId: null, name: 'root' });
    pipeline = new Pipeline(storage);
    context = {
      groupId: root.id,
      scopePath: root.path,
      sourceId: null,
      unknownDevices: 'create',
      receivedTime: now,
    };
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const at = (minutes: number, lat = 45, externalId = 'a'): IngestRecord => ({
    device: { vendor: 'test', externalId },
    position: { fixTime: now - 3600_000 + minutes * 60_000, lat, lon: 7 },
  });

  it('reports each outcome at the index the sender used', async () => {
    const summary = await pipeline.ingest([at(2), at(1, 95), at(2), at(0)], context);
    expect(summary).toMatchObject({ accepted: 2, duplicate: 1, rejected: 1 });
    expect(summary.results.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'duplicate'],
      [3, 'accepted'],
    ]);
  });

  it("passes one device's records to the commit in fix-time order", async () => {
    const seen: number[] = [];
    pipeline.onCommit((batch: PipelineBatch) => {
      for (const i of batch.items)
        if (i.committed?.status === 'accepted') seen.push(i.committed.position!.fixTime);
    });
    await pipeline.ingest([at(5), at(1), at(3)], context);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toHaveLength(3);
  });

  it('never creates a device for a record it rejects', async () => {
    await pipeline.ingest([at(1, 100, 'ghost')], context);
    expect((await storage.listDevices({ scope: '/', limit: 10 })).items).toHaveLength(0);
  });

  it('rejects unknown devices when the group says so, and still stores known ones', async () => {
    await pipeline.ingest([at(1, 45, 'known')], context);
    const summary = await pipeline.ingest([at(2, 45, 'known'), at(2, 45, 'stranger')], {
      ...context,
      unknownDevices: 'reject',
    });
    expect(summary.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(summary.results[1]).toMatchObject({ code: 'UNKNOWN_DEVICE' });
  });

  it('treats a device outside the sender scope as not found', async () => {
    const other = await storage.createGroup({ parentId: context.groupId, name: 'other' });
    const mine = await storage.createGroup({ parentId: context.groupId, name: 'mine' });
    const device = await storage.createDevice({ groupId: other.id, name: 'theirs' });
    const summary = await pipeline.ingest(
      [{ device: { deviceId: device.id }, position: { fixTime: now - 1000, lat: 1, lon: 1 } }],
      { ...context, groupId: mine.id, scopePath: mine.path },
    );
    expect(summary.results[0]).toMatchObject({ status: 'rejected', code: 'DEVICE_NOT_FOUND' });
  });

  it('keeps the commit when an after-commit hook fails', async () => {
    const errors: unknown[] = [];
    pipeline.onHookError = (err) => errors.push(err);
    pipeline.onCommit(() => {
      throw new Error('hook broke');
    });
    const summary = await pipeline.ingest([at(1)], context);
    expect(summary.accepted).toBe(1);
    expect(errors).toHaveLength(1);
    expect((await storage.sync({ scope: '/', after: null, limit: 10 })).records).toHaveLength(1);
  });

  it('tells of each commit in commit order, before any hook, with its place in the order', async () => {
    const heard: string[] = [];
    const orders: { from: string; to: string }[] = [];
    pipeline.onStored((batch) => {
      heard.push('stored');
      orders.push(batch.commitOrder!);
    });
    pipeline.onCommit(async () => {
      heard.push('hook');
      await new Promise((resolve) => setImmediate(resolve));
    });
    // Concurrent batches: their hooks interleave, their commits do not.
    await Promise.all([1, 2, 3, 4].map((n) => pipeline.ingest([at(n, 45, `d${n}`)], context)));
    expect(orders).toHaveLength(4);
    for (let i = 1; i < orders.length; i++) expect(orders[i]!.from).toBe(orders[i - 1]!.to);
    expect(orders.at(-1)!.to).toBe(await storage.syncHead());
    expect(heard.indexOf('stored')).toBeLessThan(heard.indexOf('hook'));
  });
});
