import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../model/records.ts';
import { toRecord } from '../connector/to-records.ts';
import { startFacadeHub, type TestFacadeHub } from '../testing/facade-hub.ts';
import { FOLLOWANALYTICS_VENDOR, type FaLocation, type FaLocationsPage } from '../wire.ts';

const APP = 'FAAPPLI_Fr5tg2e';
const T0 = Date.UTC(2026, 2, 1, 12);

/** 25 locations: 15 of device A (sessions s1, s2) and 10 of device B (session s3), a minute apart. */
function documentLikeLocations(): FaLocation[] {
  return Array.from({ length: 25 }, (_, i) => {
    const a = i < 15;
    return {
      location_id: `${a ? 'aaaa' : 'bbbb'}-locs-${String(i).padStart(5, '0')}`,
      device_id: a ? 'device-A' : 'device-B',
      application_id: APP,
      latitude: a ? 48.875143 : 48.8 + i / 1000,
      longitude: 2.314179,
      session_id: a ? (i < 5 ? 's1' : 's2') : 's3',
      user_id: 'user@myuser',
      date_utc: new Date(T0 + i * 60_000).toISOString(),
    };
  });
}

describe('FollowAnalytics API served by Trackway: app locations', () => {
  let hub: TestFacadeHub;
  let source: Source;
  let phones: Source;
  const get = (path: string, token: string | null = hub.tokens.viewer, scheme = 'Token') =>
    fetch(`${hub.url}/compat/followapps/api${path}`, {
      headers: token ? { authorization: `${scheme} ${token}` } : {},
    });
  const page = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    return ((await res.json()) as FaLocationsPage).result;
  };

  beforeAll(async () => {
    hub = await startFacadeHub();
    source = await hub.storage.createSource({
      groupId: hub.group.id,
      vendor: FOLLOWANALYTICS_VENDOR,
      kind: 'pull',
      name: APP,
      settings: { appIdentifier: APP, apiToken: 'secret' },
    });
    await hub.ingest(
      documentLikeLocations().map((l) => toRecord(l)!),
      source.id,
    );
    // Phones of another vendor in the same group: an OsmAnd source's.
    phones = await hub.storage.createSource({
      groupId: hub.group.id,
      vendor: 'osmand',
      kind: 'push',
      name: 'phones',
    });
    await hub.ingest(
      [1, 2, 3].map((i) => ({
        device: { vendor: 'osmand', externalId: '359881234567890' },
        position: { fixTime: T0 + i * 1000, lat: 52.5 + i / 100, lon: 13.4 },
      })),
      phones.id,
    );
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('pages the locations newest first, with the fields asked for and links back to this server', async () => {
    const result = await page(`/apps/${APP}/locations?per_page=10&fields=user_id,latitude&page=2`);
    expect(result).toMatchObject({ total_pages: 3, total_items: 25, item_count: 10 });
    expect(result.items[0]).toEqual({
      location_id: 'aaaa-locs-00014',
      latitude: 48.875143,
      user_id: 'user@myuser',
    });
    expect(result.items.map((i) => i.location_id).at(-1)).toBe('aaaa-locs-00005');
    const base = `${hub.url}/compat/followapps/api/apps/${APP}/locations`;
    expect(result.navigation).toEqual({
      first: `${base}?page=1&per_page=10&fields=user_id,latitude`,
      prev: `${base}?page=1&per_page=10&fields=user_id,latitude`,
      next: `${base}?page=3&per_page=10&fields=user_id,latitude`,
      last: `${base}?page=3&per_page=10&fields=user_id,latitude`,
    });
  });

  it('returns every field when none is named, and uses the defaults for a page or page size out of range', async () => {
    const result = await page(`/apps/${APP}/locations?page=-3&per_page=10001`);
    expect(result).toMatchObject({ total_pages: 1, total_items: 25, item_count: 25 });
    expect(result.items.at(-1)).toEqual(documentLikeLocations()[0]);
    expect((await page(`/apps/${APP}/locations?per_page=0`)).item_count).toBe(25);
  });

  it('filters by device, session, coordinates and dates in any ISO form', async () => {
    const count = async (query: string) => (await page(`/apps/${APP}/locations?${query}`)).total_items;
    expect(await count('device_ids=device-B')).toBe(10);
    expect(await count('session_ids=s1,s3')).toBe(15);
    expect(await count('session_ids=s2&per_page=3&page=2')).toBe(10);
    expect((await page(`/apps/${APP}/locations?session_ids=s2&per_page=3&page=4`)).items).toHaveLength(1);
    expect(await count('latitude=48.875143&longitude=2.314179')).toBe(15);
    // 12:05 to 12:10 at +02:00 is 10:05 to 10:10 UTC, before anything; in UTC it holds five.
    expect(await count('since_date=2026-03-01T12:05:00%2B02:00&until_date=2026-03-01T12:10:00%2B02:00')).toBe(
      0,
    );
    expect(await count('since_date=2026-03-01T12:05:00Z&until_date=20260301T121000Z')).toBe(5);
    expect(await count('device_ids=nobody')).toBe(0);
  });

  it('serves an app by its source id, and the phones of a source of another vendor', async () => {
    expect((await page(`/apps/${source.id}/locations?per_page=1`)).total_items).toBe(25);
    const result = await page(`/apps/${phones.id}/locations?fields=device_id,application_id,session_id`);
    expect(result.total_items).toBe(3);
    expect(result.items[0]).toEqual({
      location_id: expect.stringMatching(/^TW-\d+$/),
      device_id: '359881234567890',
      application_id: String(phones.id),
      session_id: null,
    });
  });

  it("answers the document's errors: an unknown app, a wrong date, a token missing or unknown", async () => {
    const other = await hub.storage.createGroup({ parentId: hub.root.id, name: 'other' });
    const stranger = await hub.tokenOf(other, 'manager');
    for (const [res, status, body] of [
      [
        await get(`/apps/FAAPPLI_nope/locations`),
        404,
        { status: 'not_found', success: false, error_message: "Couldn't find App" },
      ],
      [
        await get(`/apps/${APP}/locations`, stranger),
        404,
        { status: 'not_found', success: false, error_message: "Couldn't find App" },
      ],
      [
        await get(`/apps/${APP}/locations?since_date=yesterday`),
        400,
        { success: false, status: 'bad_request', error_message: 'Wrong date format' },
      ],
      [
        await get(`/apps/${APP}/locations_export?until_date=2026-13-01`),
        400,
        { success: false, status: 'bad_request', error_message: 'Wrong date format' },
      ],
      [await get(`/apps/${APP}/locations`, null), 401, { status: 'unauthorized', success: false }],
      [await get(`/apps/${APP}/locations`, 'tw_unknown'), 401, { status: 'unauthorized', success: false }],
    ] as const) {
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject(body);
    }
    expect((await get(`/apps/${APP}/locations`, hub.tokens.viewer, 'Bearer')).status).toBe(200);
  });

  it('exports the matching locations as CSV, location_id first', async () => {
    const res = await get(`/apps/${APP}/locations_export?fields=device_id,date_utc&session_ids=s1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('location_id,device_id,date_utc');
    expect(lines.slice(1)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `aaaa-locs-0000${i},device-A,${new Date(T0 + i * 60_000).toISOString()}`),
    );
    const all = (await (await get(`/apps/${APP}/locations_export`)).text()).trim().split('\n');
    expect(all).toHaveLength(26);
    expect(all[0]).toBe(
      'location_id,device_id,application_id,latitude,longitude,session_id,user_id,date_utc',
    );
  });
});
