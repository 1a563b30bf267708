import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

/** Waits, polling, until `check` returns a value; fails with `what` after `ms`. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The fields a position carries through GPS365's Coordinates API. */
const comparable = (p: Json) => ({
  fixTime: p.fixTime,
  lat: p.lat,
  lon: p.lon,
  speed: p.speed,
  course: p.course,
  altitude: p.altitude,
  odometer: p.odometer,
  power: p.power,
  ignition: p.ignition,
  motion: p.motion,
  inputs: p.inputs,
  outputs: p.outputs,
  analogs: p.analogs,
  temperatures: p.temperatures,
});

/**
 * Round trip through the real servers: hub A serves GPS365's Coordinates API from its own positions, and hub B's
 * GPS365 connector pulls from it (backfill, then the live tail) until B holds the same positions.
 */
describe('GPS365: one hub pulls another through the Coordinates API', () => {
  let a: RunningServer;
  let b: RunningServer;
  let apiA: Api;
  let apiB: Api;
  const now = Math.floor(Date.now() / 1000) * 1000;
  const fix = (externalId: string, minutesAgo: number, n: number) => ({
    vendor: 'demo',
    externalId,
    name: externalId,
    fixTime: new Date(now - minutesAgo * 60_000).toISOString(),
    lat: 48.1 + n / 1000,
    lon: 16.2 + n / 1000,
    speed: 40 + n,
    course: (n * 30) % 360,
    altitude: 180 + n,
    odometer: 10_000 + n * 100,
    // GPS365 carries millivolts: a value finer than that would come back rounded.
    power: (12_400 + n) / 1000,
    ignition: true,
    motion: n % 2 === 0,
    inputs: 5,
    outputs: 2,
    analogs: { '1': 1.5 + n },
    temperatures: { '1': 20.5 },
  });

  beforeAll(async () => {
    a = await startServer();
    b = await startServer();
    apiA = new Api(a.url, ADMIN_TOKEN);
    apiB = new Api(b.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  const positionsByName = async (api: Api) => {
    const out: Record<string, Json[]> = {};
    for (const d of await api.all('/api/v1/devices')) {
      out[d.name] = (await api.all(`/api/v1/devices/${d.id}/positions`)).map(comparable);
    }
    return out;
  };

  it('ends with the same positions on both hubs, history first and then what arrives later', async () => {
    const first = [
      fix('truck', 60, 1),
      fix('truck', 50, 2),
      fix('truck', 40, 3),
      fix('van', 45, 4),
      fix('van', 35, 5),
    ];
    expect(expectStatus(await apiA.ingest(first), 200)).toMatchObject({ accepted: 5 });
    const { token } = expectStatus(await apiA.post('/api/v1/tokens', { name: 'hub B', role: 'viewer' }), 201);
    const source = expectStatus(
      await apiB.post('/api/v1/sources', {
        vendor: 'gps365',
        kind: 'pull',
        name: 'hub A',
        settings: {
          baseUrl: `${a.url}/compat/gps365/api`,
          apiToken: token,
          pollSeconds: 10,
          backfillDays: 2,
        },
      }),
      201,
    );
    const same = async () => {
      const [onA, onB] = await Promise.all([positionsByName(apiA), positionsByName(apiB)]);
      return JSON.stringify(onA) === JSON.stringify(onB) ? onB : null;
    };
    const backfilled = await until(same, 'hub B holds the positions of hub A');
    expect(Object.keys(backfilled).sort()).toEqual(['truck', 'van']);
    expect(backfilled.truck).toHaveLength(3);

    const devices = await apiB.all('/api/v1/devices');
    const truckA = (await apiA.all('/api/v1/devices')).find((d: Json) => d.name === 'truck');
    expect(devices.find((d: Json) => d.name === 'truck')).toMatchObject({
      externalIds: [{ vendor: 'gps365', externalId: String(truckA.id) }],
      attributes: { gps365: { title: 'truck', group: expect.any(String) } },
    });

    // Arriving later, these come by the live tail (historic by received time), not by the backfill.
    expect(expectStatus(await apiA.ingest([fix('truck', 2, 6), fix('van', 1, 7)]), 200)).toMatchObject({
      accepted: 2,
    });
    const tailed = await until(async () => {
      const both = await same();
      return both?.truck?.length === 4 ? both : null;
    }, 'hub B holds the later positions too');
    expect(tailed.van).toHaveLength(3);
    const status = expectStatus(await apiB.get(`/api/v1/sources/${source.id}`), 200);
    expect(status).toMatchObject({ lastError: null, failures: 0 });
  }, 180_000);

  it('documents the four endpoints in the OpenAPI with their own authentication, the api_token field', async () => {
    const spec = expectStatus(await apiA.as(null).get('/api/v1/openapi.json'), 200);
    for (const path of ['trackers/list', 'coordinates/live', 'coordinates/list', 'coordinates/historic']) {
      const op = spec.paths[`/compat/gps365/api/${path}`].post;
      expect(op.security).toEqual([]);
      const form = op.requestBody.content['application/x-www-form-urlencoded'].schema;
      expect(form.required).toContain('api_token');
      expect(Object.keys(op.requestBody.content)).toContain('application/json');
    }
  });
});
