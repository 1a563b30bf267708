import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestContext } from '../../../model/ingest.ts';
import { Pipeline } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import { tripRecords } from '../connector/to-records.ts';
import { DOCUMENT_JSON } from '../testing/document-examples.ts';
import { parseTripsArray, readTrip } from '../wire/parse-trips.ts';
import { mixStorage, mixTripStore } from './index.ts';
import type { MixTripStore } from './store.ts';
import { importedTripsFollower } from './trip-follower.ts';

describe('MiX imported trips from committed trip messages', () => {
  let dir: string;
  let storage: SqliteStorage;
  let store: MixTripStore;
  let context: IngestContext;
  const errors: unknown[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-mix-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'), { extensions: [mixStorage] });
    await storage.migrate();
    const group = await storage.createGroup({ parentId: null, name: 'fleet' });
    store = mixTripStore(storage);
    context = {
      groupId: group.id,
      scopePath: group.path,
      sourceId: null,
      unknownDevices: 'create',
      receivedTime: Date.now(),
    };
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  const [raw] = parseTripsArray(DOCUMENT_JSON) as Record<string, unknown>[];
  const ingest = async (version: Record<string, unknown>) => {
    const summary = await new Pipeline(storage).ingest(
      tripRecords(readTrip(version, 'trip'), version),
      context,
    );
    expect(summary.rejected).toBe(0);
  };

  it('stores a trip seen twice once, and a later version of it in place of the earlier', async () => {
    const follower = importedTripsFollower(storage, store, (err) => errors.push(err));
    await follower.init();
    await ingest(raw!);
    await ingest(raw!);
    await follower.catchUp();
    const first = await store.since({ scope: '/', from: 0, limit: 10 });
    expect(errors).toEqual([]);
    expect(first.map((t) => t.trip.Distance)).toEqual([0]);

    const corrected = { ...raw!, Distance: 0.25, EndTimestamp: '/Date(1306295299000+0000)/' };
    await ingest(corrected);
    // A crash before the projection ran changes nothing: a follower started later catches up from its cursor.
    await follower.stop();
    const again = importedTripsFollower(storage, store, (err) => errors.push(err));
    await again.init();
    await again.catchUp();
    const stored = await store.since({ scope: '/', from: 0, limit: 10 });
    expect(stored.map((t) => [t.trip.Distance, t.trip.EndTimestamp])).toEqual([[0.25, 1306295299000]]);
    await again.stop();
    // Both versions stay as messages: the raw reports are kept.
    const device = (await storage.listDevices({ scope: '/', limit: 10 })).items[0]!;
    const messages = await storage.listMessages({ deviceId: device.id, limit: 10 });
    expect(messages.items.map((m) => m.messageType)).toEqual(['mix-trip', 'mix-trip']);
    expect(errors).toEqual([]);
  });
});
