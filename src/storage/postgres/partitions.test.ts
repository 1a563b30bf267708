import { afterEach, describe, expect, it } from 'vitest';
import { openFresh, requireServer } from './test-database.ts';

await requireServer();

const MAY_2020 = Date.UTC(2020, 4, 10);
const NOW = Date.UTC(2026, 0, 15);

describe('postgres time partitions', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('creates monthly partitions ahead, and moves rows waiting in the default partition into theirs', async () => {
    const { storage: s, cleanup } = await openFresh();
    cleanups.push(cleanup);
    const group = await s.createGroup({ parentId: null, name: 'fleet' });
    const device = await s.createDevice({ groupId: group.id, name: 'truck' });
    const where = async (table: 'positions' | 'messages') =>
      (await s.sql`SELECT tableoid::regclass::text AS part FROM ${s.sql(table)}`).map((r) => String(r.part));
    await s.commit({
      records: [
        {
          deviceId: device.id,
          position: { fixTime: MAY_2020, lat: 1, lon: 1 },
          message: { deviceTime: MAY_2020, sourceMessageId: 'a' },
        },
      ],
      sourceId: null,
      receivedTime: NOW,
    });
    // No partition for it yet: the default one takes it rather than the write failing.
    expect(await where('positions')).toEqual(['positions_default']);
    const before = await s.sync({ scope: '/', after: null, limit: 10 });

    const created = await s.maintainPartitions(NOW);
    expect(created).toEqual(
      expect.arrayContaining([
        'positions_p202005',
        'positions_p202512',
        'positions_p202601',
        'positions_p202604',
        'messages_p202005',
      ]),
    );
    expect(await where('positions')).toEqual(['positions_p202005']);
    expect(await where('messages')).toEqual(['messages_p202005']);
    expect(await s.maintainPartitions(NOW)).toEqual([]);

    // A follower that had read the row does not get it again; one starting over gets it once.
    expect((await s.sync({ scope: '/', after: before.next, limit: 10 })).records).toEqual([]);
    expect((await s.sync({ scope: '/', after: null, limit: 10 })).records).toEqual(before.records);
    // The identity rules still hold across partitions.
    const again = await s.commit({
      records: [
        {
          deviceId: device.id,
          position: { fixTime: MAY_2020, lat: 1, lon: 1 },
          message: { deviceTime: NOW, sourceMessageId: 'a' },
        },
      ],
      sourceId: null,
      receivedTime: NOW,
    });
    expect(again.records[0]!.status).toBe('duplicate');
  });

  it('lets processes prepare partitions at the same time', async () => {
    const { storage: s, cleanup } = await openFresh();
    cleanups.push(cleanup);
    const results = await Promise.all([
      s.maintainPartitions(NOW),
      s.maintainPartitions(NOW),
      s.maintainPartitions(NOW),
    ]);
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(10);
  });

  it('drops whole months past retention, but not one holding a device’s latest position', async () => {
    const { storage: s, cleanup } = await openFresh();
    cleanups.push(cleanup);
    const group = await s.createGroup({ parentId: null, name: 'fleet' });
    const [active, gone] = [
      await s.createDevice({ groupId: group.id, name: 'active' }),
      await s.createDevice({ groupId: group.id, name: 'gone' }),
    ];
    const at = (month: number) => Date.UTC(2020, month, 10);
    const record = (deviceId: number, time: number, id?: string) => ({
      deviceId,
      position: { fixTime: time, lat: 1, lon: time / 1e12 },
      message: { deviceTime: time, ...(id ? { sourceMessageId: id } : {}) },
    });
    const commit = (records: ReturnType<typeof record>[]) =>
      s.commit({ records, sourceId: null, receivedTime: NOW });
    await commit([record(active.id, at(4), 'old-1'), record(active.id, at(5)), record(active.id, NOW)]);
    // The gone device was last seen in May 2020: that month must stay for its latest position.
    await commit([record(gone.id, at(4) + 1000)]);
    await s.maintainPartitions(NOW);

    const dropped = await s.dropPartitionsBefore(Date.UTC(2020, 6, 1));
    expect(dropped.sort()).toEqual(['messages_p202006', 'positions_p202006']);
    const [left] = await s.sql`SELECT count(*) AS n FROM positions WHERE fix_time < ${Date.UTC(2020, 6, 1)}`;
    expect(Number(left!.n)).toBe(2);

    // Once the gone device is deleted from May's partition row by row, the month can go, its message keys too.
    await s.sql`UPDATE devices SET latest_position_id = NULL, latest_fix_time = NULL WHERE id = ${gone.id}`;
    expect((await s.dropPartitionsBefore(Date.UTC(2020, 6, 1))).sort()).toEqual([
      'messages_p202005',
      'positions_p202005',
    ]);
    const again = await commit([record(active.id, at(4), 'old-1')]);
    expect(again.records[0]!.status).toBe('accepted');
    expect((await s.getDevice(active.id))!.latestPosition?.fixTime).toBe(NOW);
  });
});
