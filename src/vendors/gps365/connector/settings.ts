import { FatalError } from '../../../ingest/errors.ts';

/** The Coordinates API as the document gives it (document 002 §4.1: `https://www.gps365.at/api/trackers/list`). */
export const GPS365_API = 'https://www.gps365.at/api';

/** Settings of a GPS365 pull source: one account. */
export interface Gps365Settings {
  /** The API base, without the endpoint path; another base reaches a GPS365-compatible server (Trackway's). */
  baseUrl: string;
  apiToken: string;
  /** How often the live tail asks `coordinates/historic`: the document advises every few minutes. */
  pollSeconds: number;
  /** How far back, by tracker time, the backfill reaches when a source starts; 0: no backfill. */
  backfillDays: number;
  /** Also poll `coordinates/live` about every 10 s while coordinates change (document 002 §5.1). */
  live: boolean;
  /** How often the tracker list is read again. */
  trackerSyncMinutes: number;
}

const DEFAULTS = { pollSeconds: 180, backfillDays: 35, live: false, trackerSyncMinutes: 60 };

/** Settings as stored, checked: a source that cannot work is a fatal error that says why. */
export function readSettings(raw: Record<string, unknown>): Gps365Settings {
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl ? raw.baseUrl : GPS365_API;
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new FatalError(`GPS365 source settings: baseUrl ${JSON.stringify(baseUrl)} is not an http(s) URL`);
  }
  if (typeof raw.apiToken !== 'string' || !raw.apiToken.trim()) {
    throw new FatalError('GPS365 source settings: apiToken is required (shown in GPS365 under "API token")');
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiToken: raw.apiToken.trim(),
    pollSeconds: whole(raw, 'pollSeconds', DEFAULTS.pollSeconds, 10),
    backfillDays: whole(raw, 'backfillDays', DEFAULTS.backfillDays, 0),
    live: raw.live == null ? DEFAULTS.live : raw.live === true,
    trackerSyncMinutes: whole(raw, 'trackerSyncMinutes', DEFAULTS.trackerSyncMinutes, 1),
  };
}

function whole(raw: Record<string, unknown>, key: string, fallback: number, min: number): number {
  const v = raw[key];
  if (v == null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new FatalError(`GPS365 source settings: ${key} must be a whole number of at least ${min}`);
  }
  return v;
}
