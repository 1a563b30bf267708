import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGps365, type FakeGps365 } from './fake-cloud.ts';

const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

describe('fake GPS365 cloud', () => {
  const clouds: FakeGps365[] = [];
  afterEach(async () => {
    await Promise.all(clouds.splice(0).map((c) => c.stop()));
  });
  const start = async (options: Parameters<typeof startFakeGps365>[0]) => {
    const cloud = await startFakeGps365(options);
    clouds.push(cloud);
    const post = async (endpoint: string, fields: [string, string][], token = cloud.token) => {
      const res = await fetch(`${cloud.url}/${endpoint}`, {
        method: 'POST',
        body: new URLSearchParams([['api_token', token], ...fields]),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    return { cloud, post };
  };

  it('refuses a wrong token with 401, an unknown tracker and endpoint with 404', async () => {
    const { post } = await start({});
    expect((await post('trackers/list', [], 'wrong')).body.response).toEqual({
      status: 'error',
      code: 401,
      message: 'Unauthorized',
    });
    expect((await post('coordinates/live', [['trackers[]', '7']])).status).toBe(404);
    expect((await post('coordinates/nothing', [])).status).toBe(404);
  });

  it('enforces the windows and row limits of the document', async () => {
    const now = at('2024-05-01 12:00:00');
    const { cloud, post } = await start({ trackers: 2, now: () => now });
    cloud.add(
      100,
      Array.from({ length: 5100 }, (_, i) => ({
        date: at('2024-04-01 00:00:00') + i * 5000,
        receivedAt: now - 60_000,
      })),
    );
    cloud.add(101, [{ date: at('2024-04-20 00:00:00'), receivedAt: now - 60_000 }]);
    const both = await post('coordinates/list', [
      ['trackers[100]', '2024-03-01 00:00:00'],
      ['trackers[101]', '2024-03-01 00:00:00'],
    ]);
    expect(both.body.summary['100']).toMatchObject({
      end_date: '2024-04-05 00:00:00',
      rows: 100,
      total: 5100,
    });
    const one = await post('coordinates/list', [['trackers[100]', '2024-03-01 00:00:00']]);
    expect(one.body.summary['100'].rows).toBe(5000);
    const historic = await post('coordinates/historic', [['start_date', '2024-05-01 00:00:00']]);
    expect(historic.body.summary).toMatchObject({ end_date: '2024-05-01 12:00:00', pages: 11 });
    expect(historic.body.summary.trackers['100']).toEqual({ rows: 500, total: 5100 });
    const week = await post('coordinates/historic', [
      ['start_date', '2024-01-01 00:00:00'],
      ['end_date', '2024-03-01 00:00:00'],
    ]);
    expect(week.body.summary.end_date).toBe('2024-01-08 00:00:00');
  });

  it('gives each tracker new rows on its timer', async () => {
    const { cloud } = await start({ trackers: 2, rowsPerTick: 2, tickMs: 20 });
    await expect.poll(() => cloud.rows.length, { timeout: 5000 }).toBeGreaterThanOrEqual(8);
    expect(new Set(cloud.rows.map((r) => r.trackerId))).toEqual(new Set([100, 101]));
  });
});
