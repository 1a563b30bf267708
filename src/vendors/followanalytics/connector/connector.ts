import type { Connector, PageResult } from '../../../ingest/connector.ts';
import { RetryableError } from '../../../ingest/errors.ts';
import type { HttpFetch } from '../../../ingest/http.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import {
  FOLLOWANALYTICS_VENDOR,
  LOCATION_FIELDS,
  MAX_PER_PAGE,
  type FaLocationsPage,
  type FaPlace,
} from '../wire.ts';
import { mirrorPlaces } from './mirror-places.ts';
import { readSettings, type FollowAnalyticsSettings } from './settings.ts';
import { readCursor, writeCursor, type SweepCursor } from './sweep-cursor.ts';
import { toRecord } from './to-records.ts';
import { envelopeError } from './vendor-errors.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Pulls one FollowAnalytics app: its locations in sweeps (./sweep-cursor.ts), 10,000 per page with every field,
 * and at the start of each sweep the entity's places, mirrored into the source's group. The sweep's end is
 * taken from the vendor's clock (the `Date` of the places answer) less `settleSeconds`, not from ours, as
 * document 002 §5.3 advises for GPS365's end_date: a clock ahead of the vendor's would end a sweep in the
 * vendor's future. Settings: ./settings.ts.
 */
export const followanalyticsConnector: Connector = {
  vendor: FOLLOWANALYTICS_VENDOR,
  rates: {
    // The document states no limits: a sweep a minute, a request a second across apps.
    sourceIntervalMs: MINUTE,
    vendorSpacingMs: SECOND,
    backoff: { initialMs: 30 * SECOND, factor: 2, maxMs: 30 * MINUTE },
  },
  async fetchPage({ source, cursor, fetch }): Promise<PageResult> {
    const settings = readSettings(source.settings);
    const state = readCursor(cursor);
    let sweep = state.sweep;
    let afterCommit: PageResult['afterCommit'];
    if (!sweep) {
      const { places, serverTime } = await getPlaces(fetch, settings);
      afterCommit = async (storage) => {
        await mirrorPlaces(storage, source, places, settings.placeRadius);
      };
      // Whole seconds: "any ISO format" surely includes seconds, fractions perhaps not everywhere.
      const until = Math.floor((serverTime - settings.settleSeconds * SECOND) / SECOND) * SECOND;
      if (state.since != null && until <= state.since) {
        return { records: [], cursor: cursor, more: false, afterCommit };
      }
      sweep = { until, page: 1 };
    }
    const page = await getLocations(fetch, settings, state.since, sweep);
    const records = page.result.items.map(toRecord).filter((r): r is IngestRecord => r != null);
    const ended = sweep.page >= page.result.total_pages || page.result.items.length === 0;
    const next: SweepCursor = ended
      ? { since: sweep.until, sweep: null }
      : { since: state.since, sweep: { until: sweep.until, page: sweep.page + 1 } };
    return { records, cursor: writeCursor(next), more: !ended, afterCommit };
  },
};

async function getPlaces(
  fetch: HttpFetch,
  s: FollowAnalyticsSettings,
): Promise<{ places: FaPlace[]; serverTime: number }> {
  const { body, response } = await getJson(fetch, s, `${s.baseUrl}/api/locations`, 'FollowAnalytics places');
  const result = (body as { result?: unknown }).result;
  if (!Array.isArray(result)) {
    throw new RetryableError('FollowAnalytics places: the answer has no result list');
  }
  const date = Date.parse(response.headers.get('date') ?? '');
  return { places: result as FaPlace[], serverTime: Number.isFinite(date) ? date : Date.now() };
}

async function getLocations(
  fetch: HttpFetch,
  s: FollowAnalyticsSettings,
  since: number | null,
  sweep: { until: number; page: number },
): Promise<FaLocationsPage> {
  const url = new URL(`${s.baseUrl}/api/apps/${encodeURIComponent(s.appIdentifier)}/locations`);
  url.searchParams.set('page', String(sweep.page));
  url.searchParams.set('per_page', String(MAX_PER_PAGE));
  url.searchParams.set('fields', LOCATION_FIELDS.join(','));
  if (since != null) url.searchParams.set('since_date', isoSeconds(since));
  url.searchParams.set('until_date', isoSeconds(sweep.until));
  const what = `FollowAnalytics app ${s.appIdentifier}`;
  const { body } = await getJson(fetch, s, url.toString(), what);
  const result = (body as Partial<FaLocationsPage>).result;
  if (!result || !Array.isArray(result.items) || typeof result.total_pages !== 'number') {
    throw new RetryableError(`${what}: the answer is not a page of locations`);
  }
  return body as FaLocationsPage;
}

async function getJson(fetch: HttpFetch, s: FollowAnalyticsSettings, url: string, what: string) {
  const response = await fetch(url, {
    headers: { authorization: `Token ${s.apiToken}`, accept: 'application/json' },
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (err) {
    if (response.ok) throw new RetryableError(`${what}: the answer is not JSON`, { cause: err });
  }
  const error = envelopeError(response, body, what);
  if (error) throw error;
  return { body, response };
}

/** `2017-04-06T16:41:44Z`: the document's example form, in UTC. */
function isoSeconds(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
