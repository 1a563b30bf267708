import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorRegistry } from '../../../ingest/registry.ts';
import { Fixture, START, until } from '../../../ingest/testing/fixture.ts';
import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import { startFakeSigfoxCloud, type FakeSigfoxCloud } from '../fake-cloud/fake-sigfox-cloud.ts';
import { sigfoxConnector } from './connector.ts';

const TYPE = '4d3091a05ee16b3cc86699ab';
const GPS_TYPE = '4d52cde8b4e81b6a0db3a00e';
const DEVICES = ['002C', '0B59', '1A2B3C'];

/** The real connector in the real ingest runtime (SQLite, virtual time), against the fake Sigfox backend. */
describe('pulling the fake Sigfox backend through the ingest runtime', () => {
  let f: Fixture;
  let cloud: FakeSigfoxCloud;
  /** Requests during which the devices keep sending, one frame each per request. */
  let producing: number;

  beforeEach(async () => {
    f = await Fixture.open();
    cloud = await startFakeSigfoxCloud({
      login: 'api-login',
      password: 'api-password',
      now: () => f.clock.now(),
      deviceTypes: [
        { id: TYPE, name: 'meters' },
        { id: GPS_TYPE, name: 'trackers', payloadType: 'Geolocation' },
      ],
      devices: [
        { id: '002C', type: TYPE },
        { id: '0B59', type: TYPE, route: SAMPLE_ROUTES.walk, speedMps: 1.4 },
        { id: '1A2B3C', type: GPS_TYPE },
      ],
    });
    // A history of more than one page per device and per type, ten minutes apart.
    for (let i = 130; i > 0; i--) for (const d of DEVICES) cloud.addMessage(d, START - i * 600_000);
    producing = 0;
  });
  afterEach(async () => {
    await f.close();
    await cloud.stop();
  });

  const start = () =>
    f.start({
      connectors: connectorRegistry([sigfoxConnector]),
      // As the fixture's own fetch, and each request first lets every device send a frame.
      fetch: (url, init) =>
        f.clock.track(async () => {
          if (producing-- > 0) cloud.tick();
          const response = await fetch(url, init);
          return new Response(await response.arrayBuffer(), response);
        }),
    });
  const addSource = (password: string) =>
    f.storage.createSource({
      groupId: f.groupId,
      vendor: 'sigfox',
      kind: 'pull',
      name: 'backend',
      settings: { baseUrl: cloud.url, login: 'api-login', password },
    });

  it('stores every message and location exactly once while the devices keep sending', async () => {
    producing = 40;
    const source = await addSource('api-password');
    start();
    const frames = () => cloud.frames();
    const located = () => frames().filter((fr) => fr.location.valid);
    await until(
      async () => {
        if (producing > 0) return false;
        const { messages, positions } = await f.stored();
        return messages.length === frames().length && positions.length === located().length;
      },
      'everything sent is stored',
      15_000,
    );

    expect(frames().length).toBe(130 * 3 + 40 * 3);
    const { messages, positions } = await f.stored();
    const devices = await f.storage.listDevices({ scope: '/', limit: 10 });
    const name = new Map(devices.items.map((d) => [d.id, d.externalIds[0]!.externalId]));
    const messageKeys = messages.map(
      (m) => `${name.get(m.deviceId)}/${m.radio.seqNumber}/${m.deviceTime}/${m.payload}`,
    );
    expect(messageKeys.sort()).toEqual(
      frames()
        .map((fr) => `${fr.device}/${fr.seqNumber}/${fr.time * 1000}/${fr.data}`)
        .sort(),
    );
    const positionKeys = positions.map(
      (p) => `${name.get(p.deviceId)}/${p.fixTime}/${p.lat}/${p.lon}/${p.accuracy}`,
    );
    expect(positionKeys.sort()).toEqual(
      located()
        .map(
          (fr) =>
            fr.location.valid &&
            `${fr.device}/${fr.time * 1000}/${fr.location.lat}/${fr.location.lng}/${fr.location.radius}`,
        )
        .sort(),
    );
    // Every request was one the backend serves; the runtime met no error.
    expect(cloud.requests.filter((r) => r.status !== 200)).toEqual([]);
    expect(f.errors).toEqual([]);
    expect((await f.source(source.id)).lastError).toBeNull();
  });

  it('stops the source on a wrong password, saying why and without the password', async () => {
    const source = await addSource('not-the-password');
    start();
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source stops');

    const stopped = await f.source(source.id);
    expect(stopped.lastError).toBe(
      'Sigfox backend /api/devicetypes: credentials rejected (HTTP 401 Unauthorized)',
    );
    expect(stopped.nextRunAt).toBeNull();
    expect(cloud.requests).toEqual([{ path: '/api/devicetypes', status: 401 }]);
    expect((await f.stored()).messages).toEqual([]);
  });
});
