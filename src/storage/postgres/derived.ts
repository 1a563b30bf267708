import type { Sql, TransactionSql } from 'postgres';
import type { StoredStop, StoredTrip } from '../../model/derived.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { DerivedChange, DerivedStore, SpanQuery } from '../derived.ts';
import { stopFromRow, stopResumeFromRow, stopValues, tripFromRow, tripValues } from '../rows/records.ts';
import type { Page } from '../storage.ts';

/** Clears what a replay recomputes, before the page's rows are written (see DerivedChange.replace). */
async function clearReplaced(tx: TransactionSql, c: DerivedChange): Promise<void> {
  const from = c.replace!.from ?? -Number.MAX_SAFE_INTEGER;
  await tx`DELETE FROM trips WHERE device_id = ${c.deviceId} AND origin = 'derived' AND start_time >= ${from}`;
  await tx`DELETE FROM stops WHERE device_id = ${c.deviceId} AND start_time >= ${from}`;
}

/*
 * The rows of a whole page go in one statement per table (unnest arrays), not one per device: a page of 1,000
 * devices each extending its trip was 1,000 round trips. Numbers travel as float8 and are cast where the column
 * is an integer, so a fractional value rounds as a single insert's parameter would.
 */

async function upsertTrips(tx: TransactionSql, ordered: DerivedChange[]): Promise<void> {
  const rows = ordered.flatMap((c) => c.trips.map((t) => [c.deviceId, ...tripValues(t)] as const));
  if (!rows.length) return;
  const column = (i: number) => rows.map((r) => r[i] ?? null);
  await tx`INSERT INTO trips (device_id, origin, start_time, end_time, start_lat, start_lon, end_lat, end_lon,
      distance, duration, max_speed, avg_speed, overspeed_count, harsh_acceleration_count, harsh_braking_count,
      max_acceleration, max_braking, start_odometer, end_odometer, attributes)
    SELECT d::bigint, 'derived', st::bigint, et::bigint, sla, slo, ela, elo, dist, dur::bigint, mxs, avs,
      oc::integer, hac::integer, hbc::integer, mxa, mxb, so, eo, attr::jsonb
    FROM unnest(${column(0)}::float8[], ${column(1)}::float8[], ${column(2)}::float8[], ${column(3)}::float8[],
      ${column(4)}::float8[], ${column(5)}::float8[], ${column(6)}::float8[], ${column(7)}::float8[],
      ${column(8)}::float8[], ${column(9)}::float8[], ${column(10)}::float8[], ${column(11)}::float8[],
      ${column(12)}::float8[], ${column(13)}::float8[], ${column(14)}::float8[], ${column(15)}::float8[],
      ${column(16)}::float8[], ${column(17)}::float8[], ${column(18)}::text[])
      AS u(d, st, et, sla, slo, ela, elo, dist, dur, mxs, avs, oc, hac, hbc, mxa, mxb, so, eo, attr)
    ON CONFLICT (device_id, origin, start_time) DO UPDATE SET end_time = excluded.end_time,
      end_lat = excluded.end_lat, end_lon = excluded.end_lon, distance = excluded.distance,
      duration = excluded.duration, max_speed = excluded.max_speed, avg_speed = excluded.avg_speed,
      overspeed_count = excluded.overspeed_count, harsh_acceleration_count = excluded.harsh_acceleration_count,
      harsh_braking_count = excluded.harsh_braking_count, max_acceleration = excluded.max_acceleration,
      max_braking = excluded.max_braking, end_odometer = excluded.end_odometer, attributes = excluded.attributes`;
}

async function upsertStops(tx: TransactionSql, ordered: DerivedChange[]): Promise<void> {
  const rows = ordered.flatMap((c) => c.stops.map((s) => [c.deviceId, ...stopValues(s)] as const));
  if (!rows.length) return;
  const column = (i: number) => rows.map((r) => r[i] ?? null);
  await tx`INSERT INTO stops (device_id, start_time, end_time, lat, lon, duration, place_id, attributes)
    SELECT d::bigint, st::bigint, et::bigint, lat, lon, dur::bigint, place::bigint, attr::jsonb
    FROM unnest(${column(0)}::float8[], ${column(1)}::float8[], ${column(2)}::float8[], ${column(3)}::float8[],
      ${column(4)}::float8[], ${column(5)}::float8[], ${column(6)}::float8[], ${column(7)}::text[])
      AS u(d, st, et, lat, lon, dur, place, attr)
    ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time, lat = excluded.lat,
      lon = excluded.lon, duration = excluded.duration, place_id = excluded.place_id,
      attributes = excluded.attributes`;
}

async function saveCheckpoints(tx: TransactionSql, ordered: DerivedChange[]): Promise<void> {
  const drop = ordered.flatMap((c) => (c.checkpoints?.drop ?? []).map((time) => ({ c, time })));
  if (drop.length) {
    await tx`DELETE FROM derive_checkpoints k USING unnest(${drop.map((d) => d.c.deviceId)}::bigint[],
        ${drop.map((d) => d.c.machine)}::text[], ${drop.map((d) => d.time)}::bigint[]) AS u(d, m, t)
      WHERE k.device_id = u.d AND k.machine = u.m AND k.time = u.t`;
  }
  const save = ordered.flatMap((c) => (c.checkpoints?.save ?? []).map((k) => ({ c, k })));
  if (save.length) {
    await tx`INSERT INTO derive_checkpoints (device_id, machine, time, state)
      SELECT * FROM unnest(${save.map((s) => s.c.deviceId)}::bigint[], ${save.map((s) => s.c.machine)}::text[],
        ${save.map((s) => s.k.time)}::bigint[], ${save.map((s) => s.k.state)}::text[])
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
        for (const c of ordered) if (c.replace) await clearReplaced(tx, c);
        await upsertTrips(tx, ordered);
        await upsertStops(tx, ordered);
        await saveCheckpoints(tx, ordered);
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
