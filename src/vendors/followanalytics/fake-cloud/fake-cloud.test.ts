import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../ingest/testing/fixture.ts';
import type { FaLocationsPage } from '../wire.ts';
import { startFakeFollowAnalytics, type RunningFakeCloud } from './start.ts';

describe('fake FollowAnalytics cloud', () => {
  let running: RunningFakeCloud;
  afterEach(async () => {
    await running?.stop();
  });
  const get = async (path: string, token = running.token) => {
    const res = await fetch(`${running.url}${path}`, { headers: { authorization: `Token ${token}` } });
    return { status: res.status, body: (await res.json()) as FaLocationsPage & Record<string, unknown> };
  };

  it('records locations on a timer, for every app', async () => {
    running = await startFakeFollowAnalytics({ apps: ['A', 'B'], devices: 2, rowsPerTick: 3, tickMs: 20 });
    await until(async () => (await get('/api/apps/B/locations')).body.result.total_items >= 9, 'three ticks');
    expect((await get('/api/apps/A/locations')).body.result.total_items).toBeGreaterThanOrEqual(9);
  });

  it("keeps the document's limits: page and per_page out of range take the defaults", async () => {
    running = await startFakeFollowAnalytics({ apps: ['A'], devices: 1, history: 1500, rowsPerTick: 0 });
    const page = async (query: string) => (await get(`/api/apps/A/locations?${query}`)).body.result;
    expect(await page('per_page=10001')).toMatchObject({ item_count: 1000, total_pages: 2 });
    expect(await page('per_page=0&page=-2')).toMatchObject({ item_count: 1000 });
    expect(await page('per_page=10000')).toMatchObject({ item_count: 1500, total_pages: 1 });
    expect((await page('page=2&fields=device_id')).items[0]).toEqual({
      location_id: expect.stringMatching(/-locs-01000$/),
      device_id: 'A-device-1',
    });
  });

  it("answers the document's errors", async () => {
    running = await startFakeFollowAnalytics({ apps: ['A'], rowsPerTick: 0 });
    expect(await get('/api/apps/Z/locations')).toEqual({
      status: 404,
      body: { status: 'not_found', success: false, error_message: "Couldn't find App" },
    });
    expect(await get('/api/apps/A/locations?until_date=soon')).toEqual({
      status: 400,
      body: { status: 'bad_request', success: false, error_message: 'Wrong date format' },
    });
    expect((await get('/api/locations', 'wrong')).status).toBe(401);
    expect(await get('/api/location/generate_import_template?template_format=json')).toEqual({
      status: 200,
      body: { status: 'bad_request', success: false, error_message: 'Unsupported import template: json' },
    });
  });
});
