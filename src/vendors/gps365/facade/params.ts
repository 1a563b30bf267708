import { parseGps365Date } from '../dates.ts';
import { Gps365ApiError } from './errors.ts';

/** A Coordinates API request as the facade reads it, from form fields or JSON. */
export interface FacadeRequest {
  token: string | null;
  /** Tracker ids (as sent) with their own dates when given; null: every tracker. */
  trackers: Map<string, { start?: string; end?: string }> | null;
  startDate?: string;
  endDate?: string;
  page?: string;
}

/**
 * The document's parameter syntax exactly (document 002 §5): `trackers[]=100&trackers[]=101` (ids),
 * `trackers[100]=start` and `trackers[100][]=start&trackers[100][]=end` (dates per tracker). A JSON body says
 * the same as `{"trackers": [100, 101]}` or `{"trackers": {"100": "start", "101": ["start", "end"]}}`.
 */
export function readFacadeRequest(body: unknown): FacadeRequest {
  if (typeof body === 'string') return fromForm(new URLSearchParams(body));
  if (body && typeof body === 'object' && !Array.isArray(body))
    return fromJson(body as Record<string, unknown>);
  return { token: null, trackers: null };
}

function fromForm(params: URLSearchParams): FacadeRequest {
  const request: FacadeRequest = { token: params.get('api_token'), trackers: null };
  for (const [key, value] of params) {
    if (key === 'start_date') request.startDate = value;
    else if (key === 'end_date') request.endDate = value;
    else if (key === 'page') request.page = value;
    const m = /^trackers\[([^\]]*)\](\[\])?$/.exec(key);
    if (!m) continue;
    const trackers = (request.trackers ??= new Map());
    if (m[1] === '') {
      if (!trackers.has(value)) trackers.set(value, {});
      continue;
    }
    const dates = trackers.get(m[1]!) ?? {};
    // The first `trackers[id][]` is the start, the second the end.
    if (m[2] && dates.start != null) dates.end = value;
    else dates.start = value;
    trackers.set(m[1]!, dates);
  }
  return request;
}

function fromJson(body: Record<string, unknown>): FacadeRequest {
  const text = (v: unknown) => (v == null ? undefined : String(v));
  const request: FacadeRequest = {
    token: typeof body.api_token === 'string' ? body.api_token : null,
    trackers: null,
    startDate: text(body.start_date),
    endDate: text(body.end_date),
    page: text(body.page),
  };
  const t = body.trackers;
  if (Array.isArray(t)) {
    request.trackers = new Map(t.map((id) => [String(id), {}]));
  } else if (t && typeof t === 'object') {
    request.trackers = new Map(
      Object.entries(t).map(([id, dates]) => {
        const [start, end] = Array.isArray(dates) ? dates : [dates];
        return [id, { start: text(start), end: text(end) }];
      }),
    );
  }
  return request;
}

/** A date parameter: absent is null, anything else must be a GPS365 date or the request is refused with 400. */
export function dateParam(name: string, value: string | undefined): number | null {
  if (value == null || value === '') return null;
  const ms = parseGps365Date(value);
  if (ms == null) {
    throw new Gps365ApiError(400, `${name} "${value}" is not a date of the form YYYY-MM-DD HH:MM:SS`);
  }
  return ms;
}
