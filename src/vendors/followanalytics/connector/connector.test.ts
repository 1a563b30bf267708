import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorRegistry } from '../../../ingest/registry.ts';
import { Fixture, START, until } from '../../../ingest/testing/fixture.ts';
import type { Source } from '../../../model/records.ts';
import type { FakeApp } from '../fake-cloud/fake-app.ts';
import { FakeFollowAnalyticsCloud } from '../fake-cloud/fake-cloud.ts';
import { FOLLOWANALYTICS_VENDOR } from '../wire.ts';
import { followanalyticsConnector } from './connector.ts';

const APP = 'FAAPPLI_Fr5tg2e';

describe('FollowAnalytics connector', () => {
  let f: Fixture;
  let cloud: FakeFollowAnalyticsCloud;
  let baseUrl: string;
  let app: FakeApp;

  beforeEach(async () => {
    f = await Fixture.open();
    cloud = new FakeFollowAnalyticsCloud(() => f.clock.now());
    baseUrl = await cloud.start();
    app = cloud.addApp(APP, 2);
    app.record(6, START - 600_000);
  });
  afterEach(async () => {
    await f.close();
    await cloud.close();
  });

  const addSource = (settings: Record<string, unknown> = {}): Promise<Source> =>
    f.storage.createSource({
      groupId: f.groupId,
      vendor: FOLLOWANALYTICS_VENDOR,
      kind: 'pull',
      name: APP,
      settings: { baseUrl, appIdentifier: APP, apiToken: cloud.token, settleSeconds: 0, ...settings },
    });
  const start = (options: { httpTimeoutMs?: number } = {}) =>
    f.start({ connectors: connectorRegistry([followanalyticsConnector]), ...options });
  const stored = async (n: number) => {
    await until(async () => (await f.stored()).positions.length === n, `${n} positions are stored`);
    return f.stored();
  };
  const failed = async (source: Source) => {
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source fails');
    return f.source(source.id);
  };

  it('stores devices by device_id, and keeps user, session and application on each position', async () => {
    await addSource();
    start();
    const { positions, messages } = await stored(6);

    const devices = await f.storage.listDevices({ scope: '/', limit: 10 });
    expect(devices.items.map((d) => d.externalIds).sort()).toEqual(
      app.deviceIds.map((id) => [{ vendor: FOLLOWANALYTICS_VENDOR, externalId: id }]).sort(),
    );
    const row = app.all[0]!;
    const position = positions.find((p) => p.attributes.location_id === row.location_id)!;
    expect(position).toMatchObject({ fixTime: row.date, lat: row.latitude, lon: row.longitude });
    expect(position.attributes).toEqual({
      location_id: row.location_id,
      user_id: row.user_id,
      session_id: row.session_id,
      application_id: APP,
    });
    expect(messages.map((m) => m.sourceMessageId).sort()).toEqual(app.all.map((r) => r.location_id).sort());
    const asked = cloud.requests.find((r) => r.path === `/api/apps/${APP}/locations`)!;
    expect(asked.query.get('per_page')).toBe('10000');
    expect(asked.query.get('fields')!.split(',').sort()).toEqual([
      'application_id',
      'date_utc',
      'device_id',
      'latitude',
      'location_id',
      'longitude',
      'session_id',
      'user_id',
    ]);
    expect(f.errors).toEqual([]);
  });

  it('reads locations recorded later in the next sweep, from where the last one ended', async () => {
    const source = await addSource();
    f.clock.holdAt(START + 1);
    start();
    await stored(6);
    app.record(4, START + 30_000);
    f.clock.holdAt(START + 3_600_000);
    await stored(10);
    const sweeps = cloud.requests.filter((r) => r.path === `/api/apps/${APP}/locations`);
    expect(sweeps).toHaveLength(2);
    expect(sweeps[1]!.query.get('since_date')).toBe(sweeps[0]!.query.get('until_date'));
    expect((await f.source(source.id)).failures).toBe(0);
  });

  it('mirrors places into the source group with the configured radius, and follows renames and archiving', async () => {
    cloud.addPlace({
      name: 'Office',
      identifier: 'FALOC_123321',
      labels: ['label', 'label2'],
      details: 'Some locations details',
      latitude: 10.231231,
      longitude: -10.23123,
    });
    cloud.addPlace({
      name: 'Old shop',
      identifier: 'FALOC_42',
      labels: [],
      details: null,
      latitude: 48.1,
      longitude: 2.2,
      archived: true,
      archived_at: '2018-03-07T15:36:44.924Z',
    });
    f.clock.holdAt(START + 1);
    await addSource({ placeRadius: 250 });
    start();
    const group = (await f.storage.getGroup(f.groupId))!;
    await until(
      async () => (await f.storage.getPlace('FALOC_42', group.path)) != null,
      'places are mirrored',
    );
    expect(await f.storage.getPlace('FALOC_123321', group.path)).toMatchObject({
      groupId: f.groupId,
      name: 'Office',
      details: 'Some locations details',
      labels: ['label', 'label2'],
      lat: 10.231231,
      lon: -10.23123,
      radius: 250,
      archived: false,
    });
    expect(await f.storage.getPlace('FALOC_42', group.path)).toMatchObject({
      archived: true,
      archivedAt: Date.parse('2018-03-07T15:36:44.924Z'),
    });

    Object.assign(cloud.places.get('FALOC_123321')!, {
      name: 'Head office',
      archived: true,
      archived_at: null,
    });
    Object.assign(cloud.places.get('FALOC_42')!, { archived: false, archived_at: null });
    f.clock.holdAt(START + 3_600_000);
    await until(
      async () => (await f.storage.getPlace('FALOC_123321', group.path))!.name === 'Head office',
      'the rename is followed',
    );
    await until(
      async () => (await f.storage.getPlace('FALOC_123321', group.path))!.archived,
      'the archiving is followed',
    );
    expect((await f.storage.getPlace('FALOC_42', group.path))!.archived).toBe(false);
  });

  it("stops a source whose app FollowAnalytics does not know, with the vendor's words", async () => {
    const source = await addSource({ appIdentifier: 'FAAPPLI_missing' });
    start();
    const s = await failed(source);
    expect(s.lastError).toMatch(/FollowAnalytics app FAAPPLI_missing not found: Couldn't find App/);
    expect(s.lastError).not.toContain(cloud.token);
  });

  it('stops a source on a bad_request, giving the message', async () => {
    const source = await addSource();
    cloud.failures.push(
      { status: 200, body: '{"success":true,"result":[]}' },
      { status: 400, body: '{"success":false,"status":"bad_request","error_message":"Wrong date format"}' },
    );
    start();
    expect((await failed(source)).lastError).toMatch(/bad request: Wrong date format/);
  });

  it('stops a source whose token is refused', async () => {
    const source = await addSource({ apiToken: 'not-the-token' });
    start();
    const s = await failed(source);
    expect(s.lastError).toMatch(/API token was refused/);
    expect(s.lastError).not.toContain('not-the-token');
  });

  it('retries a server error and a request that gets no answer, then reads the app', async () => {
    const source = await addSource();
    cloud.failures.push({ status: 503, body: 'busy' }, 'stall');
    start({ httpTimeoutMs: 1000 });
    await stored(6);
    expect((await f.source(source.id)).failures).toBe(0);
    // The 503, then the request left unanswered, then (perhaps after more retries on a busy machine) a sweep.
    expect(cloud.requests.slice(0, 2).map((r) => [r.path, r.status])).toEqual([
      ['/api/locations', 503],
      ['/api/locations', 200],
    ]);
    expect(cloud.requests.at(-1)!.path).toBe(`/api/apps/${APP}/locations`);
    expect((await f.source(source.id)).lastError).toMatch(/no answer within 1000 ms/);
  });

  it('refuses settings without an app identifier, as a fatal error that says what to set', async () => {
    const source = await addSource({ appIdentifier: '' });
    start();
    expect((await failed(source)).lastError).toMatch(/appIdentifier is required/);
    expect(cloud.requests).toEqual([]);
  });
});
