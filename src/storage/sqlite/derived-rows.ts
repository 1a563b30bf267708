import type { Place, StoredStop, StoredTrip } from '../../model/derived.ts';
import type { Row } from './rows.ts';

/** Derived rows to the model; shared with PostgreSQL (same columns; JSONB comes back parsed). */
const json = <T>(v: unknown, fallback: T): T =>
  v == null ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
const num = (v: unknown): number | null => (v == null ? null : Number(v));

export function tripFromRow(r: Row): StoredTrip {
  const a = json<{ open?: boolean; jumps?: number }>(r.attributes, {});
  return {
    id: Number(r.id),
    deviceId: Number(r.device_id),
    startTime: Number(r.start_time),
    endTime: Number(r.end_time),
    startLat: Number(r.start_lat),
    startLon: Number(r.start_lon),
    endLat: Number(r.end_lat),
    endLon: Number(r.end_lon),
    distance: Number(r.distance),
    duration: Number(r.duration),
    maxSpeed: Number(r.max_speed ?? 0),
    avgSpeed: Number(r.avg_speed ?? 0),
    overspeedCount: Number(r.overspeed_count),
    harshAccelerationCount: Number(r.harsh_acceleration_count),
    harshBrakingCount: Number(r.harsh_braking_count),
    maxAcceleration: num(r.max_acceleration),
    maxBraking: num(r.max_braking),
    startOdometer: num(r.start_odometer),
    endOdometer: num(r.end_odometer),
    open: a.open === true,
    jumps: a.jumps ?? 0,
  };
}

export function stopFromRow(r: Row): StoredStop {
  return {
    id: Number(r.id),
    deviceId: Number(r.device_id),
    startTime: Number(r.start_time),
    endTime: Number(r.end_time),
    lat: Number(r.lat),
    lon: Number(r.lon),
    duration: Number(r.duration),
    placeId: num(r.place_id),
    open: json<{ open?: boolean }>(r.attributes, {}).open === true,
  };
}

export function placeFromRow(r: Row): Place {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    name: String(r.name),
    identifier: String(r.identifier),
    details: r.details == null ? null : String(r.details),
    labels: json<string[]>(r.labels, []),
    lat: Number(r.lat),
    lon: Number(r.lon),
    radius: num(r.radius),
    polygon: json<[number, number][] | null>(r.polygon, null),
    archived: r.archived === true || Number(r.archived) === 1,
    archivedAt: num(r.archived_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
