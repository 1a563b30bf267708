import { afterEach, describe, expect, it } from 'vitest';
import { connectorRegistry } from '../../ingest/registry.ts';
import { IngestRuntime } from '../../ingest/runtime.ts';
import { until } from '../../ingest/testing/fixture.ts';
import type { Storage } from '../../storage/storage.ts';
import { followanalyticsConnector } from './connector/connector.ts';
import { startFakeFollowAnalytics, type RunningFakeCloud } from './fake-cloud/start.ts';
import { startFacadeHub, type TestFacadeHub } from './testing/facade-hub.ts';
import { FOLLOWANALYTICS_VENDOR } from './wire.ts';

const APP = 'FAAPPLI_Fr5tg2e';

/** What a hub holds of an app: its locations as FollowAnalytics names them, and its places. */
async function holdings(storage: Storage, scope: string) {
  const locations: unknown[] = [];
  const devices = await storage.listDevices({ scope, limit: 1000 });
  for (const d of devices.items) {
    const positions = await storage.listPositions({ deviceId: d.id, limit: 10_000 });
    for (const p of positions.items) {
      locations.push({ device: d.externalIds, time: p.fixTime, lat: p.lat, lon: p.lon, ...p.attributes });
    }
  }
  const places = (await storage.listPlaces({ scope, limit: 1000 })).items.map((p) => ({
    identifier: p.identifier,
    name: p.name,
    details: p.details,
    labels: p.labels,
    lat: p.lat,
    lon: p.lon,
    archived: p.archived,
    archivedAt: p.archivedAt,
  }));
  const byId = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return { locations: locations.sort(byId), places: places.sort(byId) };
}

describe('FollowAnalytics round trip', () => {
  const stops: (() => Promise<void>)[] = [];
  /** Faults of the runtimes themselves; a source's own failures would show as missing data. */
  const errors: unknown[] = [];
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
    errors.length = 0;
  });

  const pull = async (hub: TestFacadeHub, settings: Record<string, unknown>) => {
    await hub.storage.createSource({
      groupId: hub.group.id,
      vendor: FOLLOWANALYTICS_VENDOR,
      kind: 'pull',
      name: APP,
      settings: { appIdentifier: APP, settleSeconds: 0, ...settings },
    });
    const runtime = new IngestRuntime({
      storage: hub.storage,
      connectors: connectorRegistry([followanalyticsConnector]),
      onError: (err) => errors.push(err),
    });
    runtime.start();
    stops.push(() => runtime.stop());
  };

  it("ends with the same locations and places when a hub pulls another hub's facade", async () => {
    const cloud: RunningFakeCloud = await startFakeFollowAnalytics({
      apps: [APP],
      devices: 3,
      history: 40,
      rowsPerTick: 0,
      places: [
        {
          name: 'Office',
          identifier: 'FALOC_1',
          labels: ['hq'],
          details: 'Floor 2',
          latitude: 48.87,
          longitude: 2.31,
        },
        { name: 'Depot', identifier: 'FALOC_2', labels: [], details: null, latitude: 48.9, longitude: 2.4 },
      ],
    });
    stops.push(cloud.stop);
    cloud.cloud.places.get('FALOC_2')!.archived = true;
    cloud.cloud.places.get('FALOC_2')!.archived_at = '2018-03-07T15:36:44.924Z';

    const a = await startFacadeHub();
    stops.push(a.stop);
    await pull(a, { baseUrl: cloud.url, apiToken: cloud.token });
    await until(
      async () => (await holdings(a.storage, a.group.path)).locations.length === 120,
      'hub A has the app',
      15_000,
    );
    await until(
      async () => (await holdings(a.storage, a.group.path)).places.length === 2,
      'hub A has the places',
    );

    const b = await startFacadeHub();
    stops.push(b.stop);
    await pull(b, { baseUrl: `${a.url}/compat/followapps`, apiToken: a.tokens.viewer });
    await until(
      async () => (await holdings(b.storage, b.group.path)).locations.length === 120,
      'hub B has the app',
      15_000,
    );
    await until(
      async () => (await holdings(b.storage, b.group.path)).places.length === 2,
      'hub B has the places',
    );

    const held = await holdings(a.storage, a.group.path);
    expect(await holdings(b.storage, b.group.path)).toEqual(held);
    expect(new Set(held.locations.map((l) => (l as { location_id: string }).location_id))).toEqual(
      new Set(cloud.cloud.apps.get(APP)!.all.map((r) => r.location_id)),
    );
    expect(held.places.find((p) => p.identifier === 'FALOC_2')).toMatchObject({
      archived: true,
      archivedAt: Date.parse('2018-03-07T15:36:44.924Z'),
    });
    expect(errors).toEqual([]);
  });
});
