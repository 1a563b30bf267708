import { MixDateError, parseMixDate } from './dates.ts';
import { POSITION_FIELDS, TRIP_FIELDS, type FieldKind, type MixPosition, type MixTrip } from './trip.ts';

/** A body that is not document 003's JSON: the connector retries it, as a server fault is likely passing. */
export class MixFormatError extends Error {}

/** A `GET /trips/:since` JSON body: an array of Trip resources, dates in either of MiX's forms. */
export function parseTripsJson(body: string): MixTrip[] {
  return parseTripsArray(body).map((t, i) => readTrip(t, `trip ${i}`));
}

/** The body's trips as sent, before reading them (the connector keeps each one raw). */
export function parseTripsArray(body: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new MixFormatError(`the answer is not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(data)) throw new MixFormatError('the answer is not a JSON array of trips');
  return data;
}

/** One Trip resource; also how a stored trip is read back. */
export function readTrip(raw: unknown, where: string): MixTrip {
  const o = object(raw, where);
  const trip = readFields(o, TRIP_FIELDS, where) as Partial<MixTrip>;
  if (!trip.VehicleId) throw new MixFormatError(`${where}: VehicleId is missing`);
  if (trip.StartTimestamp == null || trip.EndTimestamp == null) {
    throw new MixFormatError(`${where}: StartTimestamp and EndTimestamp are required`);
  }
  return trip as MixTrip;
}

function readPosition(raw: unknown, where: string): MixPosition | null {
  const p = readFields(object(raw, where), POSITION_FIELDS, where) as Partial<MixPosition>;
  // A position without coordinates or time says nothing Trackway can keep as a position.
  if (p.Latitude == null || p.Longitude == null || p.DeviceTimestamp == null) return null;
  return { ...p, VehicleId: p.VehicleId ?? '' } as MixPosition;
}

function readFields(
  o: Record<string, unknown>,
  fields: readonly (readonly [string, FieldKind])[],
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of fields) {
    const v = o[key];
    if (v == null) continue;
    const at = `${where}.${key}`;
    switch (kind) {
      case 'string':
        out[key] = String(v);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new MixFormatError(`${at} is not a number`);
        out[key] = v;
        break;
      case 'time':
        if (typeof v !== 'string') throw new MixFormatError(`${at} is not a date`);
        try {
          out[key] = parseMixDate(v);
        } catch (err) {
          if (err instanceof MixDateError) throw new MixFormatError(`${at}: ${err.message}`);
          throw err;
        }
        break;
      case 'position':
        out[key] = readPosition(v, at);
        break;
      case 'trips':
        if (!Array.isArray(v)) throw new MixFormatError(`${at} is not a list`);
        out[key] = v.map((t, i) => readTrip(t, `${at}[${i}]`));
        break;
    }
  }
  return out;
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new MixFormatError(`${where} is not an object`);
  return v as Record<string, unknown>;
}
