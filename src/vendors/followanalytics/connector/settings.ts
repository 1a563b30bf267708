import { FatalError } from '../../../ingest/errors.ts';
import { DEFAULT_RADIUS } from '../../../api/routes/place-input.ts';

/** FollowAnalytics' API, as the navigation links of document 001 name it. */
export const FOLLOWANALYTICS_API = 'http://api.follow-apps.com';

/** Settings of a FollowAnalytics pull source: one app. */
export interface FollowAnalyticsSettings {
  /** Without `/api`; another base reaches a FollowAnalytics-compatible server (Trackway's `/compat/followapps`). */
  baseUrl: string;
  appIdentifier: string;
  /** Sent as `Authorization: Token <apiToken>`; never written to a log or an error. */
  apiToken: string;
  /** Metres around each FollowAnalytics place, which is a point. */
  placeRadius: number;
  /**
   * How far behind the vendor's clock a sweep ends: locations the vendor records later than this after their
   * `date_utc` would fall behind a sweep already done, since the document offers no filter on the time a
   * location was received.
   */
  settleSeconds: number;
}

/** Settings as stored, checked: a source that cannot work is a fatal error that says what to set. */
export function readSettings(raw: Record<string, unknown>): FollowAnalyticsSettings {
  const what = 'FollowAnalytics source settings';
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl ? raw.baseUrl : FOLLOWANALYTICS_API;
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new FatalError(`${what}: baseUrl ${JSON.stringify(baseUrl)} is not an http(s) URL`);
  }
  const appIdentifier = typeof raw.appIdentifier === 'string' ? raw.appIdentifier.trim() : '';
  if (!appIdentifier) throw new FatalError(`${what}: appIdentifier is required (e.g. FAAPPLI_Fr5tg2e)`);
  if (typeof raw.apiToken !== 'string' || !raw.apiToken) {
    throw new FatalError(`${what}: apiToken is required`);
  }
  const placeRadius = raw.placeRadius ?? DEFAULT_RADIUS;
  if (typeof placeRadius !== 'number' || !(placeRadius > 0)) {
    throw new FatalError(`${what}: placeRadius must be a positive number of metres`);
  }
  const settleSeconds = raw.settleSeconds ?? 60;
  if (typeof settleSeconds !== 'number' || !(settleSeconds >= 0)) {
    throw new FatalError(`${what}: settleSeconds must be a number of seconds, 0 or more`);
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    appIdentifier,
    apiToken: raw.apiToken,
    placeRadius,
    settleSeconds,
  };
}
