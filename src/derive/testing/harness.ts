import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PositionFields } from '../../model/records.ts';
import { openFresh } from '../../storage/postgres/test-database.ts';
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts';
import type { Storage } from '../../storage/storage.ts';
import { ContextCache } from '../context.ts';
import { Deriver, type EmitEvents } from '../deriver.ts';
import type { DeriveRules } from '../rules.ts';

/** A real SQLite file, or a fresh PostgreSQL schema, for the harness. */
async function openStorage(
  kind: 'sqlite' | 'postgres',
): Promise<{ storage: Storage; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') return openFresh();
  const dir = await mkdtemp(join(tmpdir(), 'trackway-derive-'));
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real database with one device, and a deriver that writes events through `commit` as the pipeline does. */
export async function openHarness(rules: Partial<DeriveRules> = {}, kind: 'sqlite' | 'postgres' = 'sqlite') {
  const { storage, cleanup } = await openStorage(kind);
  const group = await storage.createGroup({ parentId: null, name: 'fleet', attributes: { derive: rules } });
  const device = await storage.createDevice({ groupId: group.id, name: 'car' });
  const contexts = new ContextCache(storage);
  const emit: EmitEvents = async (records) => {
    await storage.commit({ records, sourceId: null, receivedTime: Date.now() });
  };
  const deriver = new Deriver(storage, contexts, emit);

  /** Stores positions in batches of `size` (in the given order) and derives after each, as the commit hook does. */
  async function feed(fixes: PositionFields[], size = fixes.length) {
    for (let i = 0; i < fixes.length; i += size) {
      const chunk = [...fixes.slice(i, i + size)].sort((a, b) => a.fixTime - b.fixTime);
      const result = await storage.commit({
        records: chunk.map((position) => ({ deviceId: device.id, position })),
        sourceId: null,
        receivedTime: Date.now(),
      });
      const stored = result.records.flatMap((r) =>
        r.status === 'accepted' && r.position ? [r.position] : [],
      );
      await deriver.derive(new Map([[device.id, stored]]));
    }
  }

  const scope = group.path;
  async function trips() {
    return (await storage.listTrips({ scope, deviceId: device.id, limit: 1000 })).items.map(
      ({ id: _id, ...t }) => t,
    );
  }
  async function stops() {
    return (await storage.listStops({ scope, deviceId: device.id, limit: 1000 })).items.map(
      ({ id: _id, ...s }) => s,
    );
  }
  async function events() {
    const page = await storage.listEvents({ scope, deviceId: device.id, limit: 10_000 });
    return page.items.map((e) => ({ type: e.type, time: e.time, key: e.key }));
  }

  return {
    storage,
    device,
    group,
    contexts,
    emit,
    deriver,
    feed,
    trips,
    stops,
    events,
    close: cleanup,
  };
}
export type Harness = Awaited<ReturnType<typeof openHarness>>;
