import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpFetch, type HttpFetch } from '../../../ingest/http.ts';
import { FakeFollowAnalyticsCloud } from '../fake-cloud/fake-cloud.ts';
import type { FakeApp } from '../fake-cloud/fake-app.ts';
import { sourceWith } from '../testing/source.ts';
import type { FaLocationsPage } from '../wire.ts';
import { followanalyticsConnector } from './connector.ts';
import { readCursor } from './sweep-cursor.ts';

const START = Date.UTC(2026, 0, 1);
const APP = 'FAAPPLI_Fr5tg2e';

/** Counts how often each value occurs. */
function tally(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('FollowAnalytics locations, read while the app records more', () => {
  let now: number;
  let cloud: FakeFollowAnalyticsCloud;
  let url: string;
  let app: FakeApp;
  /** After each page of locations the app records this many more, a second later. */
  const ARRIVING = 37;
  let arriving: boolean;
  let fetch: HttpFetch;

  beforeEach(async () => {
    now = START;
    cloud = new FakeFollowAnalyticsCloud(() => now);
    url = await cloud.start();
    app = cloud.addApp(APP, 5);
    // 25,000 locations over the past hours: three pages of 10,000.
    for (let i = 0; i < 5000; i++) app.record(5, START - 3_600_000 + i * 500);
    arriving = true;
    const base = createHttpFetch(10_000);
    fetch = async (target, init) => {
      const response = await base(target, init);
      if (arriving && String(target).includes('/locations?')) {
        now += 1000;
        app.record(ARRIVING, now);
      }
      return response;
    };
  });
  afterEach(async () => {
    await cloud.close();
  });

  it('reads every location exactly once when each sweep locks until_date', async () => {
    let source = sourceWith({ baseUrl: url, appIdentifier: APP, apiToken: cloud.token, settleSeconds: 0 });
    const seen: string[] = [];
    const sweep = async () => {
      let more = true;
      let pages = 0;
      while (more) {
        const page = await followanalyticsConnector.fetchPage({ source, cursor: source.cursor, fetch });
        seen.push(...page.records.map((r) => r.message!.sourceMessageId!));
        source = { ...source, cursor: page.cursor };
        more = page.more;
        pages++;
      }
      return pages;
    };
    expect(await sweep()).toBe(3);
    await sweep();
    await sweep();
    // The app stops recording; once the vendor's clock has passed the last location, one sweep takes the rest.
    arriving = false;
    now += 5000;
    await sweep();

    const counts = tally(seen);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(app.all.map((r) => r.location_id)));
    expect(app.all.length).toBeGreaterThan(25_000);
    // Each sweep went on from where the previous one ended.
    const sweeps = cloud.requests
      .filter((r) => r.path === `/api/apps/${APP}/locations` && r.query.get('page') === '1')
      .map((r) => [r.query.get('since_date'), r.query.get('until_date')]);
    expect(sweeps[0]![0]).toBeNull();
    for (let i = 1; i < sweeps.length; i++) expect(sweeps[i]![0]).toBe(sweeps[i - 1]![1]);
    expect(readCursor(source.cursor).sweep).toBeNull();
  });

  it('shows that paging without a locked until_date reads locations twice or never', async () => {
    const before = new Set(app.all.map((r) => r.location_id));
    const seen: string[] = [];
    const get = async (page: number) => {
      const target = `${url}/api/apps/${APP}/locations?page=${page}&per_page=10000`;
      const response = await fetch(target, { headers: { authorization: `Token ${cloud.token}` } });
      return ((await response.json()) as FaLocationsPage).result;
    };
    let page = 1;
    let result = await get(page);
    seen.push(...result.items.map((i) => i.location_id));
    while (page < result.total_pages) {
      result = await get(++page);
      seen.push(...result.items.map((i) => i.location_id));
    }
    // Each location recorded meanwhile moves the later ones a place down: the top of the next page was read.
    const doubled = [...tally(seen).entries()].filter(([, n]) => n > 1).map(([id]) => id);
    const read = new Set(seen);
    const missed = [...before].filter((id) => !read.has(id));
    expect(doubled.length + missed.length).toBeGreaterThan(0);
    expect(doubled.length).toBeGreaterThan(0);
  });
});
