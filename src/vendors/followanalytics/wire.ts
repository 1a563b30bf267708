/**
 * FollowAnalytics' wire shapes, as document 001 gives them (its examples read for their fields): app locations
 * (paged list and CSV export), places ("locations" of an entity) and the error envelope.
 */

/** The vendor name of FollowAnalytics sources and of their devices' external identities. */
export const FOLLOWANALYTICS_VENDOR = 'followanalytics';

/** The response fields of an app location, in the document's order; `location_id` is always returned. */
export const LOCATION_FIELDS = [
  'location_id',
  'device_id',
  'application_id',
  'latitude',
  'longitude',
  'session_id',
  'user_id',
  'date_utc',
] as const;
export type LocationField = (typeof LOCATION_FIELDS)[number];

/** One app location; a field asked for that has no value is null. */
export interface FaLocation {
  location_id: string;
  device_id?: string | null;
  application_id?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  session_id?: string | null;
  user_id?: string | null;
  /** ISO 8601 UTC. */
  date_utc?: string | null;
}

export interface FaNavigation {
  first: string;
  prev: string;
  next: string;
  last: string;
}

export interface FaLocationsPage {
  result: {
    items: FaLocation[];
    total_pages: number;
    total_items: number;
    item_count: number;
    navigation: FaNavigation;
  };
  success: true;
}

/** A place, which the document calls a location of the entity. */
export interface FaPlace {
  name: string;
  identifier: string;
  labels: string[];
  details: string | null;
  latitude: number;
  longitude: number;
  archived: boolean;
  /** ISO 8601 with milliseconds, e.g. 2018-03-07T15:36:44.924Z; null unless archived. */
  archived_at: string | null;
}

export type FaErrorStatus = 'not_found' | 'bad_request' | 'forbidden' | 'unauthorized';

export interface FaErrorEnvelope {
  status: FaErrorStatus | string;
  success: false;
  error_message: string;
}

/** `per_page`: "Range of values accepted is [1..10000]. Values outside of range are ignored" (default 1000). */
export const DEFAULT_PER_PAGE = 1000;
export const MAX_PER_PAGE = 10_000;

/** The words of the document's errors. */
export const ERROR_MESSAGES = {
  appNotFound: "Couldn't find App",
  wrongDate: 'Wrong date format',
  entityNotFound: 'Entity not found',
  locationNotFound: 'Location not found',
  noAccess: 'No access.',
  unsupportedTemplate: (format: string) => `Unsupported import template: ${format}`,
} as const;

/** `page`: "Negative values will be ignored, and the default number will be used" (default 1). */
export function pageParam(value: string | undefined): number {
  const n = value != null && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

export function perPageParam(value: string | undefined): number {
  const n = value != null && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return n >= 1 && n <= MAX_PER_PAGE ? n : DEFAULT_PER_PAGE;
}

/** A comma-separated list (`fields`, `session_ids`, `device_ids`), empty items left out. */
export function listParam(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
