import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeFollowAnalytics,
  type RunningFakeCloud,
} from '../src/vendors/followanalytics/fake-cloud/start.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { deviceByExternalId } from './support/receivers.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const APP = 'FAAPPLI_Fr5tg2e';
const FACADE = '/compat/followapps/api';

/**
 * FollowAnalytics end to end through the real server: an app pulled from a FollowAnalytics cloud, read back
 * through the native API and through FollowAnalytics' own API as a FollowAnalytics client calls it.
 */
describe('FollowAnalytics: app pulled in, FollowAnalytics API out', () => {
  let server: RunningServer;
  let admin: Api;
  let cloud: RunningFakeCloud;
  let sourceId: number;
  const facade = (path: string, init: RequestInit = {}, token = ADMIN_TOKEN) =>
    fetch(`${server.url}${FACADE}${path}`, {
      ...init,
      headers: { authorization: `Token ${token}`, ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    cloud = await startFakeFollowAnalytics({
      apps: [APP],
      devices: 2,
      history: 30,
      rowsPerTick: 0,
      places: [
        {
          name: 'Location Name',
          identifier: 'FALOC_123321',
          labels: ['label', 'label2'],
          details: 'Some locations details',
          latitude: 10.231231,
          longitude: -10.23123,
        },
      ],
    });
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    const source = expectStatus(
      await admin.post('/api/v1/sources', {
        vendor: 'followanalytics',
        kind: 'pull',
        name: 'Mobile app',
        settings: { baseUrl: cloud.url, appIdentifier: APP, apiToken: cloud.token, placeRadius: 50 },
      }),
      201,
    );
    sourceId = source.id;
  });
  afterAll(async () => {
    await server?.dispose();
    await cloud?.stop();
  });

  const until = async (check: () => Promise<boolean>, what: string, ms = 40_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting until ${what}; stderr:\n${server.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('pulls the app: devices by device_id, sessions on the positions, places with the configured radius', async () => {
    const [first] = cloud.cloud.apps.get(APP)!.deviceIds;
    await until(
      async () => (await admin.get('/api/v1/places/FALOC_123321')).status === 200,
      'the source has run (the runtime looks for new sources every 15 s)',
    );
    await until(
      async () => (await deviceByExternalId(admin, 'followanalytics', first!)) != null,
      'devices exist',
    );
    const device = await deviceByExternalId(admin, 'followanalytics', first!);
    const positions = expectStatus(await admin.get(`/api/v1/devices/${device.id}/positions?limit=100`), 200);
    expect(positions.items).toHaveLength(30);
    const rows = cloud.cloud.apps.get(APP)!.all.filter((r) => r.device_id === first);
    expect(new Set(positions.items.map((p: Json) => p.attributes.session_id))).toEqual(
      new Set(rows.map((r) => r.session_id)),
    );
    expect(positions.items[0].attributes).toMatchObject({ application_id: APP, user_id: rows[0]!.user_id });
    expect(expectStatus(await admin.get('/api/v1/places/FALOC_123321'), 200)).toMatchObject({
      name: 'Location Name',
      radius: 50,
      latitude: 10.231231,
    });
    expect(expectStatus(await admin.get(`/api/v1/sources/${sourceId}`), 200).lastError).toBeNull();
  });

  it('serves the same locations through the FollowAnalytics API, by app identifier or source id', async () => {
    const byIdentifier = await facade(`/apps/${APP}/locations?per_page=10000`);
    expect(byIdentifier.status).toBe(200);
    const page = (await byIdentifier.json()) as Json;
    expect(page).toMatchObject({
      success: true,
      result: { total_items: 60, total_pages: 1, item_count: 60 },
    });
    const expected = cloud.cloud.apps
      .get(APP)!
      .all.map((r) => ({ ...r, date_utc: new Date(r.date).toISOString(), date: undefined }))
      .map(({ date: _date, ...r }) => r);
    expect(page.result.items).toEqual(expect.arrayContaining(expected));
    const bySource = (await (
      await facade(`/apps/${sourceId}/locations?fields=device_id&per_page=1`)
    ).json()) as Json;
    expect(bySource.result).toMatchObject({ total_items: 60, total_pages: 60 });
    expect(bySource.result.navigation.next).toBe(
      `${server.url}${FACADE}/apps/${sourceId}/locations?page=2&fields=device_id&per_page=1`,
    );
    const csv = await facade(`/apps/${APP}/locations_export?fields=latitude`);
    expect((await csv.text()).trim().split('\n')).toHaveLength(61);
  });

  it('serves the same places as the native API, and a place created through it is a native place', async () => {
    const list = (await (await facade('/locations')).json()) as Json;
    expect(list).toEqual({
      success: true,
      result: [
        {
          name: 'Location Name',
          identifier: 'FALOC_123321',
          labels: ['label', 'label2'],
          details: 'Some locations details',
          latitude: 10.231231,
          longitude: -10.23123,
          archived: false,
          archived_at: null,
        },
      ],
    });
    const created = (await (
      await facade('/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'test location', latitude: 10.2, longitude: 20.22, labels: ['a'] }),
      })
    ).json()) as Json;
    const native = expectStatus(await admin.get(`/api/v1/places/${created.result.identifier}`), 200);
    expect(native).toMatchObject({ name: 'test location', labels: ['a'], latitude: 10.2, longitude: 20.22 });
  });

  it('lists its operations in the OpenAPI document, with their authentication', async () => {
    const spec = expectStatus(await new Api(server.url, null).get('/api/v1/openapi.json'), 200);
    const operation = spec.paths[`${FACADE}/apps/{app}/locations`].get;
    expect(operation.security).toEqual([{ tokenScheme: [] }, { bearer: [] }]);
    expect(spec.components.securitySchemes.tokenScheme).toMatchObject({ type: 'apiKey', in: 'header' });
    expect(operation.description).toContain('Authorization: Token');
    expect(
      Object.keys(spec.paths)
        .filter((p) => p.startsWith(FACADE))
        .sort(),
    ).toEqual(
      [
        '/apps/{app}/locations',
        '/apps/{app}/locations_export',
        '/location/generate_import_template',
        '/location/import',
        '/locations',
        '/locations/{identifier}',
        '/locations/{identifier}/archive',
        '/locations/{identifier}/restore',
      ].map((p) => `${FACADE}${p}`),
    );
  });
});
