import { afterEach, describe, expect, it } from 'vitest';
import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import { startFakeGps365, type FakeGps365 } from '../fake-cloud/fake-cloud.ts';
import { ConnectorDriver, gps365Source } from '../testing/drive.ts';
import { createGps365Connector } from './connector.ts';

const DAY = 86_400_000;
const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
const form = (body: string) => new URLSearchParams(body);

describe('GPS365 connector', () => {
  const clouds: FakeGps365[] = [];
  afterEach(async () => {
    await Promise.all(clouds.splice(0).map((c) => c.stop()));
  });
  const cloudAt = async (now: () => number, trackers = 2) => {
    const cloud = await startFakeGps365({ trackers, now });
    clouds.push(cloud);
    return cloud;
  };

  it('lists trackers onto devices, then reports a vanished tracker once without deleting it', async () => {
    const hub = { now: at('2024-05-01 12:00:00') };
    const cloud = await cloudAt(() => hub.now);
    const driver = new ConnectorDriver(
      createGps365Connector({ now: () => hub.now }),
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 0 }),
    );
    const first = await driver.page();
    expect(first.devices).toEqual([
      {
        vendor: 'gps365',
        externalId: '100',
        name: 'Tracker #1',
        attributes: {
          gps365: {
            title: 'Tracker #1',
            description: 'First tracker',
            group: 'Tracker',
            phone: '+43688123456100',
            imei: '0133422688755100',
            iccid: '8943000000000000100',
            serialNumber: '10100',
          },
          gps365MissingSince: null,
        },
      },
      expect.objectContaining({ externalId: '101', name: 'Tracker #2' }),
    ]);
    expect(first.more).toBe(true);
    await driver.run();
    cloud.trackers.splice(1, 1);
    hub.now += 61 * 60_000;
    await driver.run();
    const relist = driver.pages.filter((p) => p.devices).at(-1)!;
    expect(relist.devices!.map((d) => [d.externalId, d.attributes.gps365MissingSince])).toEqual([
      ['100', null],
      ['101', new Date(hub.now).toISOString()],
    ]);
    const reported = driver.records.filter((r) => r.events?.length);
    expect(reported).toEqual([
      {
        device: { vendor: 'gps365', externalId: '101' },
        events: [expect.objectContaining({ type: 'source-error', key: 'gps365-tracker-missing' })],
      },
    ]);
    hub.now += 61 * 60_000;
    await driver.run();
    expect(driver.records.filter((r) => r.events?.length)).toHaveLength(1);
  });

  it('backfills one tracker at a time by tracker time in windows of five weeks, over a long downtime', async () => {
    // The document's example: a tracker silent from 2020-03-20 12:00:00 to 2020-05-20 12:00:00.
    const hub = { now: at('2020-06-01 00:00:00') };
    const cloud = await cloudAt(() => hub.now, 2);
    const before = Array.from({ length: 5200 }, (_, i) => ({ date: at('2020-03-20 12:00:00') - i * 5000 }));
    const after = Array.from({ length: 30 }, (_, i) => ({ date: at('2020-05-20 12:00:00') + i * 5000 }));
    cloud.add(100, [...before, ...after]);
    cloud.add(101, [{ date: at('2020-05-31 23:00:00') }]);
    const driver = new ConnectorDriver(
      createGps365Connector({ now: () => hub.now }),
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 90 }),
    );
    await driver.run();
    const lists = cloud.requests.filter((r) => r.endpoint === 'coordinates/list').map((r) => form(r.body));
    for (const f of lists) {
      const [id] = [...new Set([...f.keys()].filter((k) => k.startsWith('trackers')))];
      const [start, end] = f.getAll(id!).map(at);
      // One tracker and a start date: 5,000 rows per request; never more than five weeks.
      expect(end! - start!).toBeLessThanOrEqual(35 * DAY);
    }
    const trackersOf = lists.map((f) => [...f.keys()].find((k) => k.startsWith('trackers'))!);
    // One tracker at a time: tracker 100's windows all come before tracker 101's.
    expect(trackersOf.lastIndexOf('trackers[100][]')).toBeLessThan(trackersOf.indexOf('trackers[101][]'));
    const stored = new Set(
      driver.records.map((r) => `${(r.device as { externalId: string }).externalId}@${r.position!.fixTime}`),
    );
    const expected = cloud.rows.filter((r) => r.date >= hub.now - 90 * DAY);
    expect(expected.length).toBe(5200 + 30 + 1);
    expect(expected.filter((r) => !stored.has(`${r.trackerId}@${r.date}`))).toEqual([]);
    // A full page starts the next request at its last_date: at most one row read twice per full page.
    expect(driver.records.length - stored.size).toBeLessThanOrEqual(1);
  });

  it('keeps every telemetry field of a row', async () => {
    const hub = { now: at('2024-05-01 12:00:00') };
    const cloud = await cloudAt(() => hub.now, 1);
    cloud.add(100, [{ date: at('2024-05-01 11:59:00'), receivedAt: at('2024-05-01 11:59:30') }]);
    const driver = new ConnectorDriver(
      createGps365Connector({ now: () => hub.now }),
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 1 }),
    );
    await driver.run();
    // The backfill and the tail (which starts an hour early) both read it: the same record, stored once.
    expect(new Set(driver.records.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(driver.records[0]).toEqual({
      device: { vendor: 'gps365', externalId: '100' },
      position: {
        fixTime: at('2024-05-01 11:59:00'),
        lat: 48.164245,
        lon: 16.189032,
        speed: 41,
        course: 7,
        altitude: 181,
        odometer: 100_055,
        motion: true,
        power: 12.401,
        analogs: { '1': 1.25, '2': 4.5 },
        temperatures: { '1': 21.5, '2': -17 },
        inputs: 1,
        ignition: true,
        outputs: 0,
        attributes: {
          inputMask: 3,
          outputMask: 1,
          inputDurations: { '1': 3605, '2': 101 },
          outputDurations: { '1': 0 },
          gsmSignal: 21,
          mobileCountryId: 232,
          mobileNetworkId: 1,
          gps365SendingDate: '2024-05-01 11:59:30',
        },
      },
    });
  });

  it('polls coordinates/live every 10 s while coordinates change and backs off while they repeat', async () => {
    const hub = { now: at('2024-05-01 12:00:00') };
    const cloud = await cloudAt(() => hub.now, 1);
    cloud.add(100, 1);
    const driver = new ConnectorDriver(
      createGps365Connector({ now: () => hub.now }),
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 0, live: true }),
    );
    await driver.run();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const page = driver.pages.at(-1)!;
      hub.now += page.nextPageInMs!;
      waits.push(page.nextPageInMs!);
      await driver.run();
    }
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000]);
    cloud.add(100, 1);
    const lives = () => cloud.requests.filter((r) => r.endpoint === 'coordinates/live').length;
    const asked = lives();
    while (lives() === asked) {
      hub.now += driver.pages.at(-1)!.nextPageInMs!;
      await driver.run();
    }
    expect(new Set(driver.records.map((r) => r.position!.fixTime)).size).toBe(2);
    expect((JSON.parse(driver.cursor!) as { live: { intervalMs: number } }).live.intervalMs).toBe(10_000);
    // Without the live option the schedule is the tail's: historic every few minutes.
    const quiet = new ConnectorDriver(
      createGps365Connector({ now: () => hub.now }),
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 0 }),
    );
    expect((await quiet.run()).nextPageInMs).toBe(180_000);
  });
});

describe('GPS365 connector errors', () => {
  const answer = (status: number, body: string) => async () => new Response(body, { status });
  const page = (fetch: () => Promise<Response>) =>
    createGps365Connector().fetchPage({
      source: gps365Source({ baseUrl: 'http://127.0.0.1:9/api', apiToken: 'secret-token-123' }),
      cursor: null,
      fetch,
    });
  const envelope = (code: number | string) =>
    JSON.stringify({ response: { status: 'error', code, message: 'Unauthorized' } });

  it('stops on a refused token, whether the code comes as a number or a string, never naming the token', async () => {
    for (const [status, code] of [
      [401, 401],
      [200, '401'],
    ] as const) {
      const err = await page(answer(status, envelope(code))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FatalError);
      expect((err as Error).message).toMatch(/api_token was refused/);
      expect((err as Error).message).not.toContain('secret-token-123');
    }
  });

  it('stops on 404, and retries 400, 403, 5xx, truncated and non-JSON answers', async () => {
    await expect(page(answer(404, 'Not Found'))).rejects.toBeInstanceOf(FatalError);
    for (const [status, body] of [
      [400, envelope(400)],
      [403, envelope('403')],
      [500, 'oops'],
      [502, '<html>Bad gateway</html>'],
      [200, '{"response":{"status":"success","code":200,"message":"OK"},"result":[{"id":1'],
      [200, '<html>maintenance</html>'],
    ] as const) {
      await expect(page(answer(status, body))).rejects.toBeInstanceOf(RetryableError);
    }
  });
});
