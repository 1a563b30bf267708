import { afterEach, describe, expect, it } from 'vitest';
import type { IngestRecord } from '../../../model/ingest.ts';
import { startFakeGps365, type FakeGps365 } from '../fake-cloud/fake-cloud.ts';
import type { CloudRow } from '../fake-cloud/rows.ts';
import { ConnectorDriver, gps365Source } from '../testing/drive.ts';
import { createGps365Connector } from './connector.ts';

const T0 = Date.UTC(2024, 4, 1, 12);
const POLL_S = 60;

/**
 * Rows keep arriving while a client pages: on every historic request the cloud's clock moves one second and
 * each tracker receives rows, one tracker enough at times to need a second page (500 rows per tracker).
 */
async function busyCloud(): Promise<{ cloud: FakeGps365; clock: { now: number }; stopAdding(): void }> {
  const clock = { now: T0 };
  let adding = true;
  let n = 0;
  const cloud: FakeGps365 = await startFakeGps365({
    trackers: 3,
    now: () => clock.now,
    onRequest: (endpoint) => {
      if (endpoint !== 'coordinates/historic') return;
      clock.now += 1000;
      if (!adding) return;
      n++;
      cloud.add(100, 1);
      cloud.add(101, n % 3 === 1 ? 620 : 2);
      cloud.add(102, 3);
    },
  });
  return { cloud, clock, stopAdding: () => (adding = false) };
}

const rowKey = (r: CloudRow) =>
  `${r.trackerId}|${r.date}|${String(r.fields.latitude)}|${String(r.fields.longitude)}`;
const recordKey = (r: IngestRecord) =>
  'externalId' in r.device && r.position
    ? `${r.device.externalId}|${r.position.fixTime}|${r.position.lat}|${r.position.lon}`
    : null;

/** Rows the cloud holds that the records miss, and rows the records hold more than once. */
function compare(rows: CloudRow[], records: IngestRecord[]) {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = recordKey(r);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lost = rows.filter((r) => !counts.has(rowKey(r))).length;
  const doubled = [...counts.values()].filter((c) => c > 1).length;
  return { lost, doubled, distinct: counts.size };
}

describe('GPS365 live tail by server time', () => {
  const clouds: FakeGps365[] = [];
  afterEach(async () => {
    await Promise.all(clouds.splice(0).map((c) => c.stop()));
  });

  it('loses and doubles no row while rows arrive during paging, with end_date locked after page 1', async () => {
    const { cloud, clock, stopAdding } = await busyCloud();
    clouds.push(cloud);
    const hub = { now: T0 };
    const connector = createGps365Connector({ now: () => hub.now });
    const driver = new ConnectorDriver(
      connector,
      gps365Source({ baseUrl: cloud.url, apiToken: cloud.token, backfillDays: 0, pollSeconds: POLL_S }),
    );
    for (let pass = 0; pass < 8; pass++) {
      if (pass === 6) stopAdding();
      await driver.run();
      hub.now += POLL_S * 1000;
      clock.now += 1000;
    }
    const historic = cloud.requests.filter((r) => r.endpoint === 'coordinates/historic');
    // Some passes took two pages, and each page 2 carried page 1's end_date.
    const second = historic.filter((r) => new URLSearchParams(r.body).get('page') === '2');
    expect(second.length).toBeGreaterThanOrEqual(2);
    for (const r of second) expect(new URLSearchParams(r.body).get('end_date')).toMatch(/^\d{4}-/);
    const result = compare(cloud.rows, driver.records);
    expect(cloud.rows.length).toBeGreaterThan(1800);
    expect(result).toEqual({ lost: 0, doubled: 0, distinct: cloud.rows.length });
  });

  it('loses rows in the same cloud when pages 2…n are asked without the locked end_date', async () => {
    const { cloud, clock, stopAdding } = await busyCloud();
    clouds.push(cloud);
    const received: IngestRecord[] = [];
    const ask = async (fields: Record<string, string>) => {
      const res = await fetch(`${cloud.url}/coordinates/historic`, {
        method: 'POST',
        body: new URLSearchParams({ api_token: cloud.token, ...fields }),
      });
      const body = (await res.json()) as {
        result: Record<string, { tracker_id: number; date: string; latitude: number; longitude: number }[]>;
        summary: { end_date: string; pages: number };
      };
      for (const rows of Object.values(body.result)) {
        for (const r of rows) {
          const fixTime = Date.parse(`${r.date.replace(' ', 'T')}Z`);
          received.push({
            device: { vendor: 'gps365', externalId: String(r.tracker_id) },
            position: { fixTime, lat: r.latitude, lon: r.longitude },
          });
        }
      }
      return body.summary;
    };
    // The naive order: every page without end_date, then the last answer's end_date as the next start.
    let start = '2024-05-01 12:00:00';
    for (let pass = 0; pass < 8; pass++) {
      if (pass === 6) stopAdding();
      let summary = await ask({ start_date: start });
      for (let page = 2; page <= summary.pages; page++) {
        summary = await ask({ start_date: start, page: String(page) });
      }
      start = summary.end_date;
      clock.now += 1000;
    }
    const result = compare(cloud.rows, received);
    expect(result.lost).toBeGreaterThan(0);
  });
});
