import type Database from 'better-sqlite3';
import type { Trip } from '../../model/derived.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { DerivedChange, NewStop, SpanQuery } from '../derived.ts';
import type { Page } from '../storage.ts';
import type { Row } from './rows.ts';

export function getDeriveState(db: Database.Database, deviceId: number, machine: string): unknown {
  const r = db
    .prepare('SELECT state FROM derive_state WHERE device_id = ? AND machine = ?')
    .get(deviceId, machine) as Row | undefined;
  return r ? JSON.parse(String(r.state)) : null;
}

export function saveDerived(db: Database.Database, changes: DerivedChange[]): void {
  db.transaction(() => {
    for (const c of changes) saveOne(db, c);
  }).immediate();
}

function saveOne(db: Database.Database, c: DerivedChange): void {
  if (c.replace) {
    const from = c.replace.from ?? -Number.MAX_SAFE_INTEGER;
    db.prepare(`DELETE FROM trips WHERE device_id = ? AND origin = 'derived' AND start_time >= ?`).run(
      c.deviceId,
      from,
    );
    db.prepare('DELETE FROM stops WHERE device_id = ? AND start_time >= ?').run(c.deviceId, from);
  }
  const trip = db.prepare(
    `INSERT INTO trips (device_id, origin, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance,
         duration, max_speed, avg_speed, overspeed_count, harsh_acceleration_count, harsh_braking_count,
         max_acceleration, max_braking, start_odometer, end_odometer, attributes)
       VALUES (?, 'derived', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, origin, start_time) DO UPDATE SET end_time = excluded.end_time,
         end_lat = excluded.end_lat, end_lon = excluded.end_lon, distance = excluded.distance,
         duration = excluded.duration, max_speed = excluded.max_speed, avg_speed = excluded.avg_speed,
         overspeed_count = excluded.overspeed_count, harsh_acceleration_count = excluded.harsh_acceleration_count,
         harsh_braking_count = excluded.harsh_braking_count, max_acceleration = excluded.max_acceleration,
         max_braking = excluded.max_braking, end_odometer = excluded.end_odometer, attributes = excluded.attributes`,
  );
  for (const t of c.trips) trip.run(c.deviceId, ...tripValues(t));
  const stop = db.prepare(
    `INSERT INTO stops (device_id, start_time, end_time, lat, lon, duration, place_id, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, start_time) DO UPDATE SET end_time = excluded.end_time, lat = excluded.lat,
         lon = excluded.lon, duration = excluded.duration, place_id = excluded.place_id,
         attributes = excluded.attributes`,
  );
  for (const s of c.stops) stop.run(c.deviceId, ...stopValues(s));
  db.prepare(
    `INSERT INTO derive_state (device_id, machine, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id, machine) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(c.deviceId, c.machine, JSON.stringify(c.state), Date.now());
}

/** Column values after device_id, as both databases store them. */
export function tripValues(t: Trip) {
  return [
    t.startTime,
    t.endTime,
    t.startLat,
    t.startLon,
    t.endLat,
    t.endLon,
    t.distance,
    t.duration,
    t.maxSpeed,
    t.avgSpeed,
    t.overspeedCount,
    t.harshAccelerationCount,
    t.harshBrakingCount,
    t.maxAcceleration,
    t.maxBraking,
    t.startOdometer,
    t.endOdometer,
    JSON.stringify({ open: t.open, jumps: t.jumps }),
  ] as const;
}

export function stopValues(s: NewStop) {
  return [
    s.startTime,
    s.endTime,
    s.lat,
    s.lon,
    s.duration,
    s.placeId,
    JSON.stringify({ open: s.open, ...(s.resume === undefined ? {} : { resume: s.resume }) }),
  ] as const;
}

export function stopStartsBefore(
  db: Database.Database,
  deviceId: number,
  before: number,
  limit: number,
): number[] {
  return db
    .prepare(
      'SELECT start_time FROM stops WHERE device_id = ? AND start_time < ? ORDER BY start_time DESC LIMIT ?',
    )
    .pluck()
    .all(deviceId, before, limit)
    .map(Number);
}

export function stopResume(db: Database.Database, deviceId: number, startTime: number): unknown {
  const r = db
    .prepare('SELECT attributes FROM stops WHERE device_id = ? AND start_time = ?')
    .get(deviceId, startTime) as Row | undefined;
  return r ? ((JSON.parse(String(r.attributes)) as { resume?: unknown }).resume ?? null) : null;
}

/** Trips or stops overlapping the range, ordered by start time then id. */
export function listSpans<T extends { id: number; startTime: number }>(
  db: Database.Database,
  table: 'trips' | 'stops',
  q: SpanQuery,
  map: (r: Row) => T,
): Page<T> {
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
  const rows = db
    .prepare(
      `SELECT x.* FROM ${table} x JOIN devices d ON d.id = x.device_id JOIN groups g ON g.id = d.group_id
       WHERE ${where.join(' AND ')} ORDER BY x.start_time, x.id LIMIT ?`,
    )
    .all(...params, q.limit + 1) as Row[];
  const items = rows.map(map);
  const more = items.length > q.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([last.startTime, last.id]) : null };
}
