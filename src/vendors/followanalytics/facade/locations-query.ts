import { parseIsoDate } from '../iso-date.ts';
import { LOCATION_FIELDS, listParam, pageParam, perPageParam, type LocationField } from '../wire.ts';
import { faErrors } from './errors.ts';

/** The query parameters of `locations` and `locations_export` (document 001), as strings from the URL. */
export interface LocationsParams {
  page?: string;
  per_page?: string;
  fields?: string;
  session_ids?: string;
  device_ids?: string;
  latitude?: string;
  longitude?: string;
  since_date?: string;
  until_date?: string;
}

export interface LocationsQuery {
  page: number;
  perPage: number;
  /** The fields to present besides `location_id`, in the document's order; every field when none is named. */
  fields: LocationField[];
  sessionIds: string[];
  deviceIds: string[];
  latitude: number | null;
  longitude: number | null;
  /** Inclusive, epoch ms. */
  since: number | null;
  /** Exclusive, epoch ms: a client that starts its next read at this `until_date` reads nothing twice. */
  until: number | null;
}

export function readLocationsQuery(q: LocationsParams): LocationsQuery {
  const asked = listParam(q.fields);
  return {
    page: pageParam(q.page),
    perPage: perPageParam(q.per_page),
    // Names the document does not list are left out rather than refused.
    fields: asked.length ? LOCATION_FIELDS.filter((f) => asked.includes(f)) : [...LOCATION_FIELDS],
    sessionIds: listParam(q.session_ids),
    deviceIds: listParam(q.device_ids),
    latitude: decimal('latitude', q.latitude),
    longitude: decimal('longitude', q.longitude),
    since: date(q.since_date),
    until: date(q.until_date),
  };
}

function date(value: string | undefined): number | null {
  if (value == null || value === '') return null;
  const t = parseIsoDate(value);
  if (t == null) throw faErrors.wrongDate();
  return t;
}

function decimal(name: string, value: string | undefined): number | null {
  if (value == null || value === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw faErrors.badRequest(`Wrong ${name} format`);
  return n;
}
