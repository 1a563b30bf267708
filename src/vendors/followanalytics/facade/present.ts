import type { Place } from '../../../model/derived.ts';
import type { StoredPosition } from '../../../model/records.ts';
import type { FaLocation, FaNavigation, FaPlace, LocationField } from '../wire.ts';

/** What a location needs besides its position: the names the app and its device go by on this API. */
export interface LocationContext {
  deviceId: string;
  applicationId: string;
}

/**
 * A position as an app location, with `location_id` and the fields asked for; a field with no value is null.
 * A location pulled from FollowAnalytics keeps its ids; any other position is `TW-<position id>`.
 */
export function presentLocation(p: StoredPosition, c: LocationContext, fields: LocationField[]): FaLocation {
  const a = p.attributes;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const out: Record<string, unknown> = { location_id: text(a.location_id) ?? `TW-${p.id}` };
  for (const field of fields) {
    switch (field) {
      case 'device_id':
        out.device_id = c.deviceId;
        break;
      case 'application_id':
        out.application_id = text(a.application_id) ?? c.applicationId;
        break;
      case 'latitude':
        out.latitude = p.lat;
        break;
      case 'longitude':
        out.longitude = p.lon;
        break;
      case 'session_id':
        out.session_id = text(a.session_id);
        break;
      case 'user_id':
        out.user_id = text(a.user_id);
        break;
      case 'date_utc':
        out.date_utc = new Date(p.fixTime).toISOString();
        break;
    }
  }
  return out as unknown as FaLocation;
}

export function presentPlace(p: Place): FaPlace {
  return {
    name: p.name,
    identifier: p.identifier,
    labels: p.labels,
    details: p.details,
    latitude: p.lat,
    longitude: p.lon,
    archived: p.archived,
    archived_at: p.archivedAt == null ? null : new Date(p.archivedAt).toISOString(),
  };
}

/**
 * Links to the first, previous, next and last pages: this request's URL with `page` set first and the rest of
 * its query as the client wrote it (the document's links keep `fields=a,b` unescaped). Past either end a link
 * stays on the end page, as the document's `prev` of page 1 does.
 */
export function navigation(base: string, rawQuery: string, page: number, totalPages: number): FaNavigation {
  const rest = rawQuery
    .split('&')
    .filter((pair) => pair !== '' && decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' ')) !== 'page');
  const at = (n: number) => `${base}?${[`page=${n}`, ...rest].join('&')}`;
  const last = Math.max(1, totalPages);
  return {
    first: at(1),
    prev: at(Math.min(last, Math.max(1, page - 1))),
    next: at(Math.min(last, page + 1)),
    last: at(last),
  };
}
