import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStorageContract } from '../contract.ts';
import { SqliteStorage } from './sqlite-storage.ts';

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'trackway-sqlite-'));
}

describeStorageContract('sqlite', async () => {
  const dir = await tempDir();
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStorage', () => {
  let dir: string;
  let file: string;
  const opened: SqliteStorage[] = [];
  const openStorage = async () => {
    const storage = new SqliteStorage(file);
    opened.push(storage);
    return storage;
  };

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'data', 'trackway.db');
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its file in WAL mode', async () => {
    const storage = await openStorage();
    await storage.migrate();
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await storage.close();
    // WAL is a property of the file, so any later connection gets it too.
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('applies each migration once', async () => {
    const first = await openStorage();
    const { applied } = await first.migrate();
    expect(applied).toContain('0001_initial');
    expect(await first.migrate()).toEqual({ applied: [] });
    await first.close();
    expect(await (await openStorage()).migrate()).toEqual({ applied: [] });
  });

  it('keeps committed data across close and reopen, and sync carries on where it stopped', async () => {
    const before = await openStorage();
    await before.migrate();
    const group = await before.createGroup({ parentId: null, name: 'root' });
    const device = await before.createDevice({ groupId: group.id, name: 'truck' });
    const source = await before.createSource({ groupId: group.id, vendor: 'spot', kind: 'pull', name: 'f' });
    const result = await before.commit({
      records: [{ deviceId: device.id, position: { fixTime: 1000, lat: 1, lon: 2 } }],
      sourceId: source.id,
      receivedTime: 2000,
      sourceCursor: { sourceId: source.id, cursor: 'page-9' },
    });
    const { next } = await before.sync({ scope: group.path, after: null, limit: 10 });
    await before.close();

    const after = await openStorage();
    await after.migrate();
    expect(await after.getDevice(device.id)).toMatchObject({
      lastSeen: 2000,
      latestPosition: { fixTime: 1000 },
    });
    expect((await after.listPositions({ deviceId: device.id, limit: 10 })).items).toEqual([
      result.records[0]?.status === 'accepted' && result.records[0].position,
    ]);
    expect((await after.getSource(source.id))?.cursor).toBe('page-9');
    await after.commit({
      records: [{ deviceId: device.id, position: { fixTime: 3000, lat: 1, lon: 2 } }],
      sourceId: null,
      receivedTime: 4000,
    });
    const { records } = await after.sync({ scope: group.path, after: next, limit: 10 });
    expect(records.map((r) => r.kind === 'position' && r.record.fixTime)).toEqual([3000]);
  });

  it('lets a second connection to the same file sync what the first commits', async () => {
    const writer = await openStorage();
    await writer.migrate();
    const reader = await openStorage();
    await reader.migrate();
    const group = await writer.createGroup({ parentId: null, name: 'root' });
    const device = await writer.createDevice({ groupId: group.id, name: 'truck' });
    const start = await reader.sync({ scope: group.path, after: null, limit: 10 });
    for (let i = 0; i < 3; i++) {
      await writer.commit({
        records: [{ deviceId: device.id, position: { fixTime: i, lat: 1, lon: 2 } }],
        sourceId: null,
        receivedTime: 10,
      });
    }
    const { records } = await reader.sync({ scope: group.path, after: start.next, limit: 10 });
    expect(records).toHaveLength(3);
  });
});
