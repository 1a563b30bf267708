import type { JSONValue, Sql } from 'postgres';
import { deviceTimestampOf, type MixTrip } from '../wire/trip.ts';
import { latestVersions, type ImportedTrip, type MixTripStore, type TripQuery } from './store.ts';

export class PostgresMixStore implements MixTripStore {
  constructor(private readonly sql: Sql) {}

  async save(trips: readonly ImportedTrip[]): Promise<void> {
    if (!trips.length) return;
    const sql = this.sql;
    const rows = latestVersions(trips).map((t) => ({
      device_id: t.deviceId,
      start_time: t.trip.StartTimestamp,
      end_time: deviceTimestampOf(t.trip),
      message_id: t.messageId,
      trip: t.trip,
    }));
    // One statement for the page; each trip once in it, as ON CONFLICT can touch a row only once.
    await sql`INSERT INTO mix_trips (device_id, start_time, end_time, message_id, trip)
      SELECT device_id, start_time, end_time, message_id, trip
      FROM jsonb_to_recordset(${sql.json(rows as unknown as JSONValue)})
        AS r(device_id BIGINT, start_time BIGINT, end_time BIGINT, message_id BIGINT, trip JSONB)
      ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time,
        message_id = excluded.message_id, trip = excluded.trip
      WHERE excluded.message_id > mix_trips.message_id`;
  }

  async since(q: TripQuery): Promise<ImportedTrip[]> {
    const sql = this.sql;
    const after = q.after
      ? sql`AND (t.end_time, t.device_id, t.start_time) > (${q.after[0]}, ${q.after[1]}, ${q.after[2]})`
      : sql``;
    const devices = q.deviceIds ? sql`AND t.device_id = ANY(${q.deviceIds as number[]}::bigint[])` : sql``;
    const rows = await sql`SELECT t.device_id, t.message_id, t.trip FROM mix_trips t
      JOIN devices d ON d.id = t.device_id JOIN groups g ON g.id = d.group_id
      WHERE g.path LIKE ${q.scope} || '%' AND t.end_time >= ${q.from} ${after} ${devices}
      ORDER BY t.end_time, t.device_id, t.start_time LIMIT ${q.limit}`;
    return rows.map((r) => ({
      deviceId: Number(r.device_id),
      messageId: Number(r.message_id),
      trip: r.trip as MixTrip,
    }));
  }

  async devicesWithTrips(deviceIds: readonly number[]): Promise<Set<number>> {
    if (!deviceIds.length) return new Set();
    const rows = await this.sql`SELECT DISTINCT device_id FROM mix_trips
      WHERE device_id = ANY(${deviceIds as number[]}::bigint[])`;
    return new Set(rows.map((r) => Number(r.device_id)));
  }
}
