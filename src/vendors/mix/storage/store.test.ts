import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openFresh, requireServer } from '../../../storage/postgres/test-database.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import type { Storage } from '../../../storage/storage.ts';
import { DOCUMENT_JSON } from '../testing/document-examples.ts';
import { parseTripsJson } from '../wire/parse-trips.ts';
import { mixStorage, mixTripStore } from './index.ts';

const [documentTrip] = parseTripsJson(DOCUMENT_JSON);

/** Both databases, each test on a fresh one: the store is one interface with one implementation per database. */
const databases: [string, () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>][] = [
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'trackway-mix-'));
      const storage = new SqliteStorage(join(dir, 'trackway.db'), { extensions: [mixStorage] });
      await storage.migrate();
      return {
        storage,
        cleanup: () => storage.close().then(() => rm(dir, { recursive: true, force: true })),
      };
    },
  ],
  ['postgres', () => openFresh(undefined, { extensions: [mixStorage] })],
];

describe.each(databases)('MiX imported trips store on %s', (kind, open) => {
  let storage: Storage;
  let cleanup: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (kind === 'postgres') await requireServer();
  });
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
  });

  async function setUp() {
    ({ storage, cleanup } = await open());
    const root = await storage.createGroup({ parentId: null, name: 'root' });
    const fleet = await storage.createGroup({ parentId: root.id, name: 'fleet' });
    const other = await storage.createGroup({ parentId: root.id, name: 'other' });
    const a = await storage.createDevice({ groupId: fleet.id, name: 'a' });
    const b = await storage.createDevice({ groupId: other.id, name: 'b' });
    return { store: mixTripStore(storage), fleet, a, b };
  }
  const trip = (start: number, end: number, distance = 1) => ({
    ...documentTrip!,
    StartTimestamp: start,
    EndTimestamp: end,
    EndPosition: { ...documentTrip!.EndPosition!, DeviceTimestamp: end },
    Distance: distance,
  });

  it('keeps one trip per vehicle and start, the version of the later message winning in any order', async () => {
    const { store, a } = await setUp();
    await store.save([
      { deviceId: a.id, messageId: 10, trip: trip(1000, 5000, 1) },
      { deviceId: a.id, messageId: 12, trip: trip(1000, 6000, 2) },
    ]);
    await store.save([{ deviceId: a.id, messageId: 11, trip: trip(1000, 5500, 9) }]);
    const stored = await store.since({ scope: '/', from: 0, limit: 10 });
    expect(stored).toEqual([{ deviceId: a.id, messageId: 12, trip: trip(1000, 6000, 2) }]);
  });

  it('reads in DeviceTimestamp order from a time, within a scope, after a key, for some devices', async () => {
    const { store, fleet, a, b } = await setUp();
    await store.save([
      { deviceId: a.id, messageId: 1, trip: trip(1000, 9000) },
      { deviceId: b.id, messageId: 2, trip: trip(2000, 7000) },
      { deviceId: a.id, messageId: 3, trip: trip(500, 3000) },
    ]);
    const ends = (items: { trip: { EndTimestamp: number } }[]) => items.map((i) => i.trip.EndTimestamp);
    expect(ends(await store.since({ scope: '/', from: 0, limit: 10 }))).toEqual([3000, 7000, 9000]);
    expect(ends(await store.since({ scope: '/', from: 7000, limit: 10 }))).toEqual([7000, 9000]);
    expect(ends(await store.since({ scope: fleet.path, from: 0, limit: 10 }))).toEqual([3000, 9000]);
    expect(ends(await store.since({ scope: '/', from: 0, after: [3000, a.id, 500], limit: 1 }))).toEqual([
      7000,
    ]);
    expect(ends(await store.since({ scope: '/', from: 0, deviceIds: [b.id], limit: 10 }))).toEqual([7000]);
    expect(ends(await store.since({ scope: '/', from: 0, deviceIds: [], limit: 10 }))).toEqual([]);
    expect(await store.devicesWithTrips([a.id, b.id + 100])).toEqual(new Set([a.id]));
  });
});
