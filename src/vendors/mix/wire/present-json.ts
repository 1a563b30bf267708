import { formatIsoDate, formatMsDate, zoneOffset } from './dates.ts';
import { POSITION_FIELDS, TRIP_FIELDS, type FieldKind, type MixPosition, type MixTrip } from './trip.ts';

/** How a response shows times: the date_format (JSON only) and the zone of the caller's globalisation. */
export interface TimeStyle {
  /** 0: `\/Date(ms+zzzz)\/`; 2: ISO 8601 with seven fraction digits. */
  dateFormat: 0 | 2;
  /** IANA zone; UTC without a globalisation. */
  timeZone: string;
}

/**
 * Trips as document 003's JSON: the document's field order, absent values left out, and every `/` written as
 * `\/` as MiX's serializer writes it (so the dates read `"\/Date(…)\/"`).
 */
export function presentTripsJson(trips: readonly MixTrip[], style: TimeStyle): string {
  return JSON.stringify(trips.map((t) => tripObject(t, style))).replace(/\//g, '\\/');
}

/** JSONP (`callback`): the same body as the argument of the named function. */
export function presentTripsJsonp(callback: string, trips: readonly MixTrip[], style: TimeStyle): string {
  return `${callback}(${presentTripsJson(trips, style)});`;
}

function tripObject(trip: MixTrip, style: TimeStyle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of TRIP_FIELDS) {
    const v = trip[key];
    if (v != null) out[key] = jsonValue(kind, v, style);
  }
  return out;
}

function positionObject(position: MixPosition, style: TimeStyle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of POSITION_FIELDS) {
    const v = position[key];
    if (v != null) out[key] = jsonValue(kind, v, style);
  }
  return out;
}

function jsonValue(kind: FieldKind, v: unknown, style: TimeStyle): unknown {
  switch (kind) {
    case 'time': {
      const ms = v as number;
      const offset = zoneOffset(style.timeZone, ms);
      return style.dateFormat === 2 ? formatIsoDate(ms, offset) : formatMsDate(ms, offset);
    }
    case 'position':
      return positionObject(v as MixPosition, style);
    case 'trips':
      return (v as MixTrip[]).map((t) => tripObject(t, style));
    default:
      return v;
  }
}
