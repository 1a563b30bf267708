import { mixStorage } from './storage/index.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineBatch } from '../../pipeline/batch.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts';
import { writeCursor, type MixCursor } from './connector/cursor.ts';
import { dataGapEvents } from './gap-events.ts';

describe('MiX data-gap events', () => {
  let dir: string;
  let storage: SqliteStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-mix-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'), { extensions: [mixStorage] });
    await storage.migrate();
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('raises one data-gap per vehicle of the source, saying which window was lost', async () => {
    const group = await storage.createGroup({ parentId: null, name: 'fleet' });
    const vehicle = (name: string, vendor = 'mix') =>
      storage.createDevice({ groupId: group.id, name, externalIds: [{ vendor, externalId: name }] });
    const [a, b] = [await vehicle('a'), await vehicle('b')];
    const phone = await vehicle('phone', 'osmand');
    const source = await storage.createSource({
      groupId: group.id,
      vendor: 'mix',
      kind: 'pull',
      name: 'MiX',
      settings: { baseUrl: 'https://mix.example', token: 't', vehicleIds: ['a', 'b'] },
    });
    const gap = { from: Date.UTC(2026, 0, 1, 8), to: Date.UTC(2026, 0, 1, 11) };
    const batch = (cursor: MixCursor): PipelineBatch => ({
      context: {
        groupId: group.id,
        scopePath: group.path,
        sourceId: source.id,
        unknownDevices: 'create',
        receivedTime: 0,
      },
      items: [],
      sourceCursor: { sourceId: source.id, cursor: writeCursor(cursor) },
    });
    const hook = dataGapEvents(storage, new Pipeline(storage));
    const page = { since: gap.to, checked: gap.to, skew: 0 };
    await hook(batch(page));
    await hook(batch({ ...page, gap }));
    await hook(batch({ ...page, gap }));
    const events = await storage.listEvents({ scope: '/', types: ['data-gap'], limit: 10 });
    expect(events.items.map((e) => e.deviceId).sort()).toEqual([a.id, b.id].sort());
    expect(events.items[0]).toMatchObject({
      time: gap.from,
      key: `source:${source.id}`,
      attributes: { sourceId: source.id, from: '2026-01-01T08:00:00.000Z', to: '2026-01-01T11:00:00.000Z' },
    });
    expect(events.items.some((e) => e.deviceId === phone.id)).toBe(false);
  });
});
