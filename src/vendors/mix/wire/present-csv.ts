import { stringify } from 'csv-stringify/sync';
import { formatXmlDate, zoneOffset } from './dates.ts';
import { POSITION_FIELDS, TRIP_FIELDS, type FieldKind, type MixPosition, type MixTrip } from './trip.ts';

/** Document 003's CSV header: every Trip field, present or not. */
export const CSV_HEADER = TRIP_FIELDS.map(([key]) => key);

/**
 * Trips as document 003's CSV: one row per trip, empty cells for absent values, times quoted, and a position
 * written inside its cell as `{Key:Value,…}` (sub-trips as `[{…},{…}]`), quoted since it holds commas.
 */
export function presentTripsCsv(trips: readonly MixTrip[], timeZone: string): string {
  const rows = trips.map((t) => TRIP_FIELDS.map(([key, kind]) => cell(kind, t[key], timeZone)));
  return stringify(rows, {
    header: true,
    columns: CSV_HEADER,
    // The document quotes time cells although they hold no comma.
    quoted_match: /^\d{4}-\d{2}-\d{2}T/,
  });
}

function cell(kind: FieldKind, v: unknown, timeZone: string): string {
  if (v == null) return '';
  switch (kind) {
    case 'time':
      return time(v as number, timeZone);
    case 'position':
      return nested(v as MixPosition, POSITION_FIELDS, timeZone);
    case 'trips':
      return `[${(v as MixTrip[]).map((t) => nested(t, TRIP_FIELDS, timeZone)).join(',')}]`;
    default:
      return String(v);
  }
}

function nested<T extends object>(
  value: T,
  fields: readonly (readonly [string, FieldKind])[],
  timeZone: string,
): string {
  const parts: string[] = [];
  for (const [key, kind] of fields) {
    const v = (value as Record<string, unknown>)[key];
    if (v != null) parts.push(`${key}:${cell(kind, v, timeZone)}`);
  }
  return `{${parts.join(',')}}`;
}

const time = (ms: number, timeZone: string) => formatXmlDate(ms, zoneOffset(timeZone, ms));
