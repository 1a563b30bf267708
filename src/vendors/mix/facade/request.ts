import type { FastifyRequest } from 'fastify';
import { isTimeZone, MixDateError, parseSince } from '../wire/dates.ts';
import { MixApiError } from './errors.ts';

export type TripsFormat = 'json' | 'xml' | 'csv';

/** Query parameters of `GET /trips/:since`, as document 003 names them. */
export interface TripsQuery {
  auth?: string;
  system_type?: string;
  organisation_id?: string;
  vehicle_ids?: string;
  driver_ids?: string;
  include_sub_trips?: string;
  include_locations?: string;
  callback?: string;
  date_format?: string;
  globalisation?: string;
}

/** A `GET /trips/:since` request, read and checked. */
export interface TripsRequest {
  since: number;
  format: TripsFormat;
  /** The zone `:since` is read and times are written in: the passed globalisation, else UTC. */
  timeZone: string;
  dateFormat: 0 | 2;
  callback: string | null;
  systemType: string | null;
  organisationId: number | null;
  vehicleIds: string[] | null;
  /** Null when vehicle ids are given: "will be ignored if both are passed". */
  driverIds: string[] | null;
  includeSubTrips: boolean;
  includeLocations: boolean;
}

const truthy = (v: string | undefined) => v != null && /^(1|t|true)$/i.test(v);
const list = (v: string | undefined) => {
  const ids =
    v
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return ids.length ? ids : null;
};
const header = (request: FastifyRequest, name: string) => {
  const v = request.headers[name];
  return typeof v === 'string' && v ? v : undefined;
};

/** `:since` with its extension (`20110101000000.xml`); no extension: the Accept header, JSON by default. */
export function readTripsRequest(request: FastifyRequest, sinceParam: string): TripsRequest {
  const q = request.query as TripsQuery;
  const m = /^([^.]+)(?:\.(json|xml|csv))?$/i.exec(sinceParam);
  if (!m) throw new MixApiError(400, `unknown format in "${sinceParam}": use .json, .xml or .csv`);
  const format = (m[2]?.toLowerCase() as TripsFormat | undefined) ?? formatOf(header(request, 'accept'));
  const timeZone = q.globalisation || header(request, 'x-globalisation') || 'UTC';
  if (!isTimeZone(timeZone)) throw new MixApiError(400, `globalisation: unknown time zone "${timeZone}"`);
  let since: number;
  try {
    since = parseSince(m[1]!, timeZone);
  } catch (err) {
    if (err instanceof MixDateError) throw new MixApiError(400, err.message);
    throw err;
  }
  const dateFormat = q.date_format ?? header(request, 'x-dateformat') ?? '0';
  if (dateFormat !== '0' && dateFormat !== '2') {
    throw new MixApiError(400, `date_format must be 0 or 2, not "${dateFormat}"`);
  }
  const callback = q.callback || null;
  // A callback name goes into the body as code: only an identifier path may.
  if (callback && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(callback)) {
    throw new MixApiError(400, `callback must be a JavaScript function name, not "${callback}"`);
  }
  const organisation = q.organisation_id;
  if (organisation && !/^\d+$/.test(organisation)) {
    throw new MixApiError(400, `organisation_id is a Trackway group id, not "${organisation}"`);
  }
  const vehicleIds = list(q.vehicle_ids);
  return {
    since,
    format,
    timeZone,
    dateFormat: dateFormat === '2' ? 2 : 0,
    callback,
    systemType: q.system_type || null,
    organisationId: organisation ? Number(organisation) : null,
    vehicleIds,
    driverIds: vehicleIds ? null : list(q.driver_ids),
    includeSubTrips: truthy(q.include_sub_trips),
    includeLocations: truthy(q.include_locations),
  };
}

/** The first of JSON, XML and CSV the Accept header names (quality factors aside); JSON by default. */
function formatOf(accept: string | undefined): TripsFormat {
  for (const type of accept?.split(',') ?? []) {
    const t = type.split(';')[0]!.trim().toLowerCase();
    if (t === 'application/json' || t === 'application/javascript') return 'json';
    if (t === 'application/xml' || t === 'text/xml') return 'xml';
    if (t === 'text/csv') return 'csv';
  }
  return 'json';
}
