import type { StoredStop, StoredTrip, Trip } from '../../model/derived.ts';
import type { Device, ExternalId } from '../../model/records.ts';
import type { NewStop } from '../derived.ts';
import type { DeviceSettings } from '../storage.ts';
import type { Row } from './columns.ts';
import { DEVICES, POSITIONS, STOPS, TRIPS } from './tables.ts';

/** Mappers of entities that are more than one row of their column table; shared by both databases. */

const attributes = <T>(r: Row): Partial<T> =>
  r.attributes == null
    ? {}
    : ((typeof r.attributes === 'string' ? JSON.parse(r.attributes) : r.attributes) as T);

/** The latest position's columns aliased `p_` in a device row, so one query reads both. */
export const LATEST_POSITION_ALIASES = POSITIONS.columns.map((c) => `p.${c.name} AS p_${c.name}`).join(', ');

/** A device row joined to its latest position (columns aliased `p_`), with its external ids. */
export function deviceFromRow(r: Row): Device {
  return {
    ...DEVICES.fromRow(r),
    externalIds: externalIdsOf(r),
    latestPosition: r.p_id == null ? null : POSITIONS.fromPrefixed(r, 'p_'),
  };
}

/**
 * A device's external ids aggregated into its row (`external_ids`: JSON pairs of vendor and id, sorted), so a
 * list of devices is one query whatever its length.
 */
function externalIdsOf(r: Row): ExternalId[] {
  const v = r.external_ids;
  const pairs = (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as [string, string][];
  return pairs.map(([vendor, externalId]) => ({ vendor, externalId }));
}

/** A device's group and attributes from a row of `id, group_id, attributes`. */
export function deviceSettingsFromRow(r: Row): DeviceSettings {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    attributes: attributes<Record<string, unknown>>(r) as Record<string, unknown>,
  };
}

export function tripFromRow(r: Row): StoredTrip {
  const a = attributes<{ open?: boolean; jumps?: number }>(r);
  return { ...TRIPS.fromRow(r), open: a.open === true, jumps: a.jumps ?? 0 };
}

export function stopFromRow(r: Row): StoredStop {
  return { ...STOPS.fromRow(r), open: attributes<{ open?: boolean }>(r).open === true };
}

/** What a stop carries to resume other machines from its start (`NewStop.resume`), from its attributes. */
export function stopResumeFromRow(r: Row): unknown {
  return attributes<{ resume?: unknown }>(r).resume ?? null;
}

/** Column values of a trip after device_id, as both databases store them (`open` and `jumps` in attributes). */
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

/** Column values of a stop after device_id (`open` and what resumes other machines in attributes). */
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
