import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { effectiveRetention, runRetention } from './retention-job.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

describe('retention', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function open() {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-retention-'));
    const storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    cleanups.push(async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    });
    return storage;
  }

  it("gives a group without its own retention its nearest ancestor's", async () => {
    const s = await open();
    const root = await s.createGroup({ parentId: null, name: 'root' });
    const fleet = await s.createGroup({ parentId: root.id, name: 'fleet', retentionDays: 30 });
    const vans = await s.createGroup({ parentId: fleet.id, name: 'vans' });
    const trial = await s.createGroup({ parentId: vans.id, name: 'trial', retentionDays: 7 });
    const map = effectiveRetention(await s.listGroups('/'));
    expect([root, fleet, vans, trial].map((g) => map.get(g.id))).toEqual([null, 30, 30, 7]);
  });

  it('deletes what each group no longer keeps, through every batch, and nothing of groups that keep all', async () => {
    const s = await open();
    const root = await s.createGroup({ parentId: null, name: 'root' });
    const fleet = await s.createGroup({ parentId: root.id, name: 'fleet', retentionDays: 10 });
    const vans = await s.createGroup({ parentId: fleet.id, name: 'vans' });
    const kept = await s.createDevice({ groupId: root.id, name: 'kept' });
    const van = await s.createDevice({ groupId: vans.id, name: 'van' });
    for (const device of [kept, van]) {
      // 5,000 fixes an hour apart over ~208 days: more than one delete batch is old.
      const records = Array.from({ length: 5_000 }, (_, i) => ({
        deviceId: device.id,
        position: { fixTime: NOW - (5_000 - i) * 3_600_000, lat: 45 + i / 1e5, lon: 7 },
      }));
      await s.commit({ records, sourceId: null, receivedTime: NOW });
    }
    const run = await runRetention(s, NOW, new AbortController().signal);

    const left = (await s.listPositions({ deviceId: van.id, limit: 5_000 })).items;
    expect(run.positions).toBe(5_000 - 10 * 24);
    expect(left).toHaveLength(10 * 24);
    expect(left.every((p) => p.fixTime >= NOW - 10 * DAY)).toBe(true);
    expect((await s.listPositions({ deviceId: kept.id, limit: 5_000 })).items).toHaveLength(5_000);
  });
});
