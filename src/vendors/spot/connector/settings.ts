import { FatalError } from '../../../ingest/errors.ts';

/** SPOT's public feed API, as the vendor document gives it. */
export const SPOT_API = 'https://api.findmespot.com';
export const FEED_PATH = '/spot-main-web/consumer/rest-api/2.0/public/feed';

/** Settings of a SPOT feed source. */
export interface SpotSourceSettings {
  feedId: string;
  feedPassword: string | null;
  /** JSON by default (far cheaper to read); XML is understood too. */
  format: 'json' | 'xml';
  /** SPOT's API by default; another base reaches a SPOT-compatible server (Trackway's own feed API). */
  baseUrl: string;
}

/** Settings as stored, checked: a source that cannot work is a fatal error that says why. */
export function readSettings(raw: Record<string, unknown>): SpotSourceSettings {
  const feedId = typeof raw.feedId === 'string' ? raw.feedId.trim() : '';
  if (!/^[A-Za-z0-9_-]+$/.test(feedId)) {
    throw new FatalError('SPOT source settings: feedId is required (the id shown under "XML Feed" in SPOT)');
  }
  const format = raw.format ?? 'json';
  if (format !== 'json' && format !== 'xml') {
    throw new FatalError(
      `SPOT source settings: format must be "json" or "xml", not ${JSON.stringify(format)}`,
    );
  }
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl ? raw.baseUrl : SPOT_API;
  try {
    new URL(baseUrl);
  } catch {
    throw new FatalError(`SPOT source settings: baseUrl ${JSON.stringify(baseUrl)} is not a URL`);
  }
  const password = typeof raw.feedPassword === 'string' && raw.feedPassword ? raw.feedPassword : null;
  return { feedId, feedPassword: password, format, baseUrl };
}

/**
 * One page of the feed. Pages are asked for at `start` = 0, 50, 100…: the document counts from 1 (`start=51`)
 * and some servers from 0, and 50·k is right under the 0-based reading and overlaps one message under the
 * 1-based one, so no message is ever skipped.
 */
export function feedUrl(s: SpotSourceSettings, start: number): URL {
  const url = new URL(`${s.baseUrl.replace(/\/$/, '')}${FEED_PATH}/${s.feedId}/message.${s.format}`);
  if (start > 0) url.searchParams.set('start', String(start));
  if (s.feedPassword) url.searchParams.set('feedPassword', s.feedPassword);
  return url;
}
