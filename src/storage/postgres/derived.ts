import type { Sql, TransactionSql } from 'postgres';
import type { StoredStop, StoredTrip } from '../../model/derived.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { DerivedChange, DerivedStore, SpanQuery } from '../derived.ts';
import { stopFromRow, stopResumeFromRow, stopValues, tripFromRow, tripValues } from '../rows/records.ts';
import type { Page } from '../storage.ts';
import { jsonb } from './encode.ts';

async function saveOne(tx: TransactionSql, c: DerivedChange): Promise<void> {
  if (c.replace) {
    const from = c.replace.from ?? -Number.MAX_SAFE_INTEGER;
    await tx`DELETE FROM trips WHERE device_id = ${c.deviceId} AND origin = 'derived' AND start_time >= ${from}`;
    await tx`DELETE FROM stops WHERE device_id = ${c.deviceId} AND start_time >= ${from}`;
  }
  for (const t of c.trips) {
    const v = tripValues(t);
    await tx`INSERT INTO trips (device_id, origin, start_time, end_time, start_lat, start_lon, end_lat, end_lon,
          distance, duration, max_speed, avg_speed, overspeed_count, harsh_acceleration_count, harsh_braking_count,
          max_acceleration, max_braking, start_odometer, end_odometer, attributes)
        VALUES (${c.deviceId}, 'derived', ${v[0]}, ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, ${v[5]}, ${v[6]}, ${v[7]},
          ${v[8]}, ${v[9]}, ${v[10]}, ${v[11]}, ${v[12]}, ${v[13]}, ${v[14]}, ${v[15]}, ${v[16]}, ${jsonb(tx, JSON.parse(v[17]))})
        ON CONFLICT (device_id, origin, start_time) DO UPDATE SET end_time = excluded.end_time,
          end_lat = excluded.end_lat, end_lon = excluded.end_lon, distance = excluded.distance,
          duration = excluded.duration, max_speed = excluded.max_speed, avg_speed = excluded.avg_speed,
          overspeed_count = excluded.overspeed_count, harsh_acceleration_count = excluded.harsh_acceleration_count,
          harsh_braking_count = excluded.harsh_braking_count, max_acceleration = excluded.max_acceleration,
          max_braking = excluded.max_braking, end_odometer = excluded.end_odometer, attributes = excluded.attributes`;
  }
  for (const s of c.stops) {
    const v = stopValues(s);
    await tx`INSERT INTO stops (device_id, start_time, end_time, lat, lon, duration, place_id, attributes)
        VALUES (${c.deviceId}, ${v[0]}, ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, ${v[5]}, ${jsonb(tx, JSON.parse(v[6]))})
        ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time, lat = excluded.lat,
          lon = excluded.lon, duration = excluded.duration, place_id = excluded.place_id,
          attributes = excluded.attributes`;
  }
  const drop = c.checkpoints?.drop ?? [];
  if (drop.length) {
    await tx`DELETE FROM derive_checkpoints WHERE device_id = ${c.deviceId} AND machine = ${c.machine}
      AND time = ANY(${drop}::bigint[])`;
  }
  const save = c.checkpoints?.save ?? [];
  if (save.length) {
    await tx`INSERT INTO derive_checkpoints (device_id, machine, time, state)
      SELECT ${c.deviceId}, ${c.machine}, * FROM unnest(${save.map((k) => k.time)}::bigint[],
        ${save.map((k) => k.state)}::text[])
      ON CONFLICT (device_id, machine, time) DO UPDATE SET state = excluded.state`;
  }
}

/** The machine states of a whole pass in one statement, in device order (see saveDerived). */
async function saveStates(tx: TransactionSql, ordered: DerivedChange[]): Promise<void> {
  await tx`INSERT INTO derive_state (device_id, machine, state, updated_at)
      SELECT *, ${Date.now()}::bigint FROM unnest(${ordered.map((c) => c.deviceId)}::bigint[],
        ${ordered.map((c) => c.machine)}::text[], ${ordered.map((c) => JSON.stringify(c.state))}::text[])
      ON CONFLICT (device_id, machine) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;
}

async function listSpans<T extends StoredTrip | StoredStop>(
  sql: Sql,
  table: 'trips' | 'stops',
  q: SpanQuery,
): Promise<Page<T>> {
  const after = q.cursor ? decodeCursor(q.cursor, isNumberPair) : null;
  const rows = await sql`SELECT x.* FROM ${sql(table)} x JOIN devices d ON d.id = x.device_id
    JOIN groups g ON g.id = d.group_id
    WHERE g.path LIKE ${q.scope}::text || '%'
    ${q.deviceId != null ? sql`AND x.device_id = ${q.deviceId}` : sql``}
    ${q.groupId != null ? sql`AND d.group_id = ${q.groupId}` : sql``}
    ${q.from != null ? sql`AND x.end_time > ${q.from}` : sql``}
    ${q.to != null ? sql`AND x.start_time < ${q.to}` : sql``}
    ${after ? sql`AND (x.start_time, x.id) > (${after[0]}, ${after[1]})` : sql``}
    ORDER BY x.start_time, x.id LIMIT ${q.limit + 1}`;
  const items = rows.map((r) => (table === 'trips' ? tripFromRow(r) : stopFromRow(r)) as T);
  const more = items.length > q.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([last.startTime, last.id]) : null };
}

export function postgresDerived(sql: Sql): DerivedStore {
  const store: DerivedStore = {
    async getDeriveState(deviceId: number, machine: string): Promise<unknown> {
      const [r] =
        await sql`SELECT state FROM derive_state WHERE device_id = ${deviceId} AND machine = ${machine}`;
      return r ? JSON.parse(String(r.state)) : null;
    },
    async getDeriveStates(deviceIds: number[], machine: string): Promise<Map<number, unknown>> {
      const rows = await sql`SELECT device_id, state FROM derive_state
        WHERE machine = ${machine} AND device_id = ANY(${deviceIds}::bigint[])`;
      return new Map(rows.map((r) => [Number(r.device_id), JSON.parse(String(r.state)) as unknown]));
    },
    async deriveCheckpoint(deviceId: number, machine: string, time: number): Promise<unknown> {
      const [r] = await sql`SELECT state FROM derive_checkpoints
        WHERE device_id = ${deviceId} AND machine = ${machine} AND time = ${time}`;
      return r ? JSON.parse(String(r.state)) : null;
    },
    async saveDerived(changes: DerivedChange[]): Promise<void> {
      // Devices in id order, so that two writers cannot deadlock on each other's rows.
      const ordered = [...changes].sort((a, b) => a.deviceId - b.deviceId);
      await sql.begin(async (tx) => {
        // Derived from committed positions and redone from the consumer's cursor if lost, so the commit does not
        // wait for the WAL flush; PostgreSQL recovers a prefix of its WAL, and the next synchronous commit (every
        // ingest) flushes this one with it.
        await tx`SET LOCAL synchronous_commit = off`;
        // Most devices of a page have nothing but their state to save: no statement is sent for them here.
        for (const c of ordered) await saveOne(tx, c);
        if (ordered.length) await saveStates(tx, ordered);
      });
    },
    async stopStartsBefore(deviceId: number, before: number, limit: number) {
      const rows =
        await sql`SELECT start_time FROM stops WHERE device_id = ${deviceId} AND start_time < ${before}
    ORDER BY start_time DESC LIMIT ${limit}`;
      return rows.map((r) => Number(r.start_time));
    },
    async stopResume(deviceId: number, startTime: number): Promise<unknown> {
      const [r] =
        await sql`SELECT attributes FROM stops WHERE device_id = ${deviceId} AND start_time = ${startTime}`;
      return r ? stopResumeFromRow(r) : null;
    },
    listTrips: (query: SpanQuery) => listSpans<StoredTrip>(sql, 'trips', query),
    listStops: (query: SpanQuery) => listSpans<StoredStop>(sql, 'stops', query),
  };
  return store;
}
