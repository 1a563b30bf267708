import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { DerivedChange, DerivedStore, SpanQuery } from '../derived.ts';
import type { Row } from '../rows/columns.ts';
import { stopFromRow, stopResumeFromRow, stopValues, tripFromRow, tripValues } from '../rows/records.ts';
import type { Page } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';

const UPSERT_TRIP = `INSERT INTO trips (device_id, origin, start_time, end_time, start_lat, start_lon, end_lat, end_lon,
    distance, duration, max_speed, avg_speed, overspeed_count, harsh_acceleration_count, harsh_braking_count,
    max_acceleration, max_braking, start_odometer, end_odometer, attributes)
  VALUES (?, 'derived', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (device_id, origin, start_time) DO UPDATE SET end_time = excluded.end_time,
    end_lat = excluded.end_lat, end_lon = excluded.end_lon, distance = excluded.distance,
    duration = excluded.duration, max_speed = excluded.max_speed, avg_speed = excluded.avg_speed,
    overspeed_count = excluded.overspeed_count, harsh_acceleration_count = excluded.harsh_acceleration_count,
    harsh_braking_count = excluded.harsh_braking_count, max_acceleration = excluded.max_acceleration,
    max_braking = excluded.max_braking, end_odometer = excluded.end_odometer, attributes = excluded.attributes`;

const UPSERT_STOP = `INSERT INTO stops (device_id, start_time, end_time, lat, lon, duration, place_id, attributes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time, lat = excluded.lat,
    lon = excluded.lon, duration = excluded.duration, place_id = excluded.place_id,
    attributes = excluded.attributes`;

export function sqliteDerived(db: SqliteDatabase): DerivedStore {
  const saveOne = (c: DerivedChange): void => {
    if (c.replace) {
      const from = c.replace.from ?? -Number.MAX_SAFE_INTEGER;
      db.run(
        `DELETE FROM trips WHERE device_id = ? AND origin = 'derived' AND start_time >= ?`,
        c.deviceId,
        from,
      );
      db.run('DELETE FROM stops WHERE device_id = ? AND start_time >= ?', c.deviceId, from);
    }
    for (const t of c.trips) db.run(UPSERT_TRIP, c.deviceId, ...tripValues(t));
    for (const s of c.stops) db.run(UPSERT_STOP, c.deviceId, ...stopValues(s));
    for (const time of c.checkpoints?.drop ?? []) {
      db.run(
        'DELETE FROM derive_checkpoints WHERE device_id = ? AND machine = ? AND time = ?',
        c.deviceId,
        c.machine,
        time,
      );
    }
    for (const k of c.checkpoints?.save ?? []) {
      db.run(
        `INSERT INTO derive_checkpoints (device_id, machine, time, state) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id, machine, time) DO UPDATE SET state = excluded.state`,
        c.deviceId,
        c.machine,
        k.time,
        k.state,
      );
    }
    db.run(
      `INSERT INTO derive_state (device_id, machine, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id, machine) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      c.deviceId,
      c.machine,
      JSON.stringify(c.state),
      Date.now(),
    );
  };

  /** Trips or stops overlapping the range, ordered by start time then id. */
  const listSpans = <T extends { id: number; startTime: number }>(
    table: 'trips' | 'stops',
    q: SpanQuery,
    map: (r: Row) => T,
  ): Page<T> => {
    const where = [`g.path LIKE ? || '%'`];
    const params: unknown[] = [q.scope];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (q.deviceId != null) add('x.device_id = ?', q.deviceId);
    if (q.groupId != null) add('d.group_id = ?', q.groupId);
    if (q.from != null) add('x.end_time > ?', q.from);
    if (q.to != null) add('x.start_time < ?', q.to);
    if (q.cursor) {
      const [time, id] = decodeCursor(q.cursor, isNumberPair);
      add('(x.start_time, x.id) > (?, ?)', time, id);
    }
    const rows = db.all(
      `SELECT x.* FROM ${table} x JOIN devices d ON d.id = x.device_id JOIN groups g ON g.id = d.group_id
       WHERE ${where.join(' AND ')} ORDER BY x.start_time, x.id LIMIT ?`,
      ...params,
      q.limit + 1,
    );
    const items = rows.map(map);
    const more = items.length > q.limit;
    if (more) items.pop();
    const last = items[items.length - 1];
    return { items, next: more && last ? encodeCursor([last.startTime, last.id]) : null };
  };

  return {
    async getDeriveState(deviceId, machine) {
      const state = db.value(
        'SELECT state FROM derive_state WHERE device_id = ? AND machine = ?',
        deviceId,
        machine,
      );
      return state == null ? null : JSON.parse(String(state));
    },
    async getDeriveStates(deviceIds, machine) {
      const rows = db.all(
        `SELECT device_id, state FROM derive_state
         WHERE machine = ? AND device_id IN (SELECT value FROM json_each(?))`,
        machine,
        JSON.stringify(deviceIds),
      );
      return new Map(rows.map((r) => [Number(r.device_id), JSON.parse(String(r.state)) as unknown]));
    },
    async saveDerived(changes) {
      // Derived from committed positions, so redone from the consumer's cursor if lost (see recomputable).
      db.recomputable(() => {
        for (const c of changes) saveOne(c);
      });
    },
    async stopStartsBefore(deviceId, before, limit) {
      return db
        .values(
          'SELECT start_time FROM stops WHERE device_id = ? AND start_time < ? ORDER BY start_time DESC LIMIT ?',
          deviceId,
          before,
          limit,
        )
        .map(Number);
    },
    async deriveCheckpoint(deviceId, machine, time) {
      const state = db.value(
        'SELECT state FROM derive_checkpoints WHERE device_id = ? AND machine = ? AND time = ?',
        deviceId,
        machine,
        time,
      );
      return state == null ? null : JSON.parse(String(state));
    },
    async stopResume(deviceId, startTime) {
      const r = db.get(
        'SELECT attributes FROM stops WHERE device_id = ? AND start_time = ?',
        deviceId,
        startTime,
      );
      return r ? stopResumeFromRow(r) : null;
    },
    async listTrips(query) {
      return listSpans('trips', query, tripFromRow);
    },
    async listStops(query) {
      return listSpans('stops', query, stopFromRow);
    },
  };
}
