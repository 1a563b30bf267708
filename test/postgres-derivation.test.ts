import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVE_CONSUMER } from '../src/derive/follow.ts';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const T0 = Date.UTC(2025, 6, 1, 6, 0, 0);
const iso = (t: number) => new Date(t).toISOString();
/** Metres to degrees of longitude at latitude 52 (about 68.6 km per degree). */
const east = (metres: number) => metres / 68_640;

/** Parked, 5 km east, parked 10 min, 3 km east, parked: a fix every 30 s parked and 10 s driving. */
function track(deviceId: number, start: number, from = 13) {
  const fixes: Json[] = [];
  let t = start;
  let lon = from;
  const stay = (seconds: number) => {
    for (let s = 0; s < seconds; s += 30, t += 30_000)
      fixes.push({ deviceId, fixTime: iso(t), lat: 52, lon, speed: 0 });
  };
  const drive = (metres: number) => {
    for (let m = 0; m < metres; m += 139, t += 10_000, lon += east(139))
      fixes.push({ deviceId, fixTime: iso(t), lat: 52, lon, speed: 50 });
  };
  stay(600);
  drive(5000);
  stay(600);
  drive(3000);
  stay(1800);
  return { fixes, end: t, lon };
}

describe('derivation with two serve processes on one PostgreSQL database', () => {
  const servers: RunningServer[] = [];
  let apis: Api[];
  let storage: PostgresStorage;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabaseUrl();
    drop = db.drop;
    // The first start creates the schema and takes the derivation lease; the second finds both taken.
    for (let i = 0; i < 2; i++) servers.push(await startServer({ env: { DATABASE_URL: db.url } }));
    apis = servers.map((s) => new Api(s.url, ADMIN_TOKEN));
    storage = new PostgresStorage(db.url, { max: 2 });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.dispose()));
    await storage?.close();
    await drop?.();
  });

  /** Waits until the deriving process has handled everything committed: its cursor is at the head and stays. */
  async function derived() {
    for (let i = 0; i < 600; i++) {
      const head = await storage.syncHead();
      if ((await storage.consumerCursor(DERIVE_CONSUMER)) === head && (await storage.syncHead()) === head)
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('derivation did not catch up within a minute');
  }

  const holder = async () => {
    const [row] = await storage.sql`SELECT lease_owner FROM consumers WHERE name = ${DERIVE_CONSUMER}`;
    return row?.lease_owner as string | null;
  };

  it('derives on the lease holder only, and trips and their events come out once', async () => {
    const device = expectStatus(await apis[0]!.post('/api/v1/devices', { name: 'van' }), 201);
    const { next: start } = await apis[0]!.syncAll();
    const first = track(device.id, T0);
    // Batches alternate between the processes; only one of them derives.
    for (let i = 0, n = 0; i < first.fixes.length; i += 40, n++) {
      expectStatus(await apis[n % 2]!.ingest(first.fixes.slice(i, i + 40)), 200);
    }
    await derived();
    const owner = await holder();
    expect(owner).not.toBeNull();
    const range = `deviceId=${device.id}&from=${iso(T0)}&to=${iso(first.end + 86_400_000)}`;
    for (const api of apis) {
      expect(expectStatus(await api.get(`/api/v1/reports/trips?${range}`), 200).items).toHaveLength(2);
    }

    // The holder stops and gives the lease up: the other process derives what comes next, from the saved cursor.
    await servers[0]!.stop();
    const second = track(device.id, first.end + 3_600_000, first.lon);
    for (let i = 0; i < second.fixes.length; i += 40) {
      expectStatus(await apis[1]!.ingest(second.fixes.slice(i, i + 40)), 200);
    }
    await derived();
    expect(await holder()).not.toBe(owner);
    const trips = expectStatus(await apis[1]!.get(`/api/v1/reports/trips?${range}`), 200).items;
    expect(trips.map((t: Json) => t.startTime)).toEqual([...new Set(trips.map((t: Json) => t.startTime))]);
    expect(trips).toHaveLength(4);

    // Every trip event reached the sync order once: no process derived a batch the other had derived.
    const events = (await apis[1]!.syncAll(start)).records
      .filter((r: Json) => r.kind === 'event')
      .map((r: Json) => r.event);
    expect(events.filter((e: Json) => e.type === 'event-retracted')).toEqual([]);
    const starts = events.filter((e: Json) => e.type === 'trip-start').map((e: Json) => e.time);
    expect(starts).toEqual(trips.map((t: Json) => t.startTime));
    expect(events.filter((e: Json) => e.type === 'trip-end')).toHaveLength(4);
  });
});
