import type { SqliteDatabase } from '../../../storage/sqlite/database.ts';
import { deviceTimestampOf, type MixTrip } from '../wire/trip.ts';
import { latestVersions, type ImportedTrip, type MixTripStore, type TripQuery } from './store.ts';

type Row = { device_id: number; message_id: number; trip: string };

const UPSERT = `INSERT INTO mix_trips (device_id, start_time, end_time, message_id, trip)
  VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time,
    message_id = excluded.message_id, trip = excluded.trip
  WHERE excluded.message_id > mix_trips.message_id`;

/** Statements go through the database's cache: prepared on first use (after migration), once. */
export class SqliteMixStore implements MixTripStore {
  constructor(private readonly db: SqliteDatabase) {}

  async save(trips: readonly ImportedTrip[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const t of latestVersions(trips)) {
          this.db.run(
            UPSERT,
            t.deviceId,
            t.trip.StartTimestamp,
            deviceTimestampOf(t.trip),
            t.messageId,
            JSON.stringify(t.trip),
          );
        }
      })
      .immediate();
  }

  async since(q: TripQuery): Promise<ImportedTrip[]> {
    const where = [`g.path LIKE ? || '%'`, 't.end_time >= ?'];
    const params: unknown[] = [q.scope, q.from];
    if (q.after) {
      where.push('(t.end_time, t.device_id, t.start_time) > (?, ?, ?)');
      params.push(...q.after);
    }
    if (q.deviceIds) where.push(`t.device_id IN (${q.deviceIds.map(() => '?').join(',') || 'NULL'})`);
    const rows = this.db.all(
      `SELECT t.device_id, t.message_id, t.trip FROM mix_trips t JOIN devices d ON d.id = t.device_id
       JOIN groups g ON g.id = d.group_id WHERE ${where.join(' AND ')}
       ORDER BY t.end_time, t.device_id, t.start_time LIMIT ?`,
      ...params,
      ...(q.deviceIds ?? []),
      q.limit,
    ) as unknown as Row[];
    return rows.map((r) => ({
      deviceId: Number(r.device_id),
      messageId: Number(r.message_id),
      trip: JSON.parse(r.trip) as MixTrip,
    }));
  }

  async devicesWithTrips(deviceIds: readonly number[]): Promise<Set<number>> {
    if (!deviceIds.length) return new Set();
    const found = this.db.values(
      `SELECT DISTINCT device_id FROM mix_trips WHERE device_id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(deviceIds),
    );
    return new Set(found.map(Number));
  }
}
