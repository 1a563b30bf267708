import { startSqliteHub } from './hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 5;
const DEVICES = 10;
const PAGE = 1000;
const APP = 'FAAPPLI_bench';

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * What a FollowAnalytics client reading Trackway pays: app locations through the FollowAnalytics API (pages of
 * 1,000 as JSON, and the whole app as the streamed CSV export) against the native API reading the same number
 * of positions (pages of 1,000 of one device, and its CSV export), over HTTP from the real hub.
 */
async function locationComparisons(rows: number, clients: number, dir: string): Promise<Comparison[]> {
  const hub = await startSqliteHub(dir);
  const auth = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
  const post = hub.post;
  try {
    // A disabled pull source names the app; its locations are those of the phones known under its vendor.
    await post('/api/v1/sources', {
      vendor: 'followanalytics',
      kind: 'pull',
      name: 'bench',
      enabled: false,
      settings: { appIdentifier: APP, apiToken: 'unused' },
    });
    // Each phone holds a native page at least.
    const count = Math.max(DEVICES * PAGE, Math.min(100_000, Math.round(rows / 2)));
    const t0 = Date.now() - count * 1000;
    for (let i = 0; i < count; i += 2000) {
      const batch = Array.from({ length: Math.min(2000, count - i) }, (_, k) => {
        const n = i + k;
        return {
          vendor: 'followanalytics',
          externalId: `phone-${n % DEVICES}`,
          fixTime: new Date(t0 + n * 1000).toISOString(),
          lat: 48.8 + (n % 997) / 10_000,
          lon: 2.3 + (n % 991) / 10_000,
          attributes: { location_id: `bench-locs-${n}`, session_id: `s${Math.floor(n / 500)}`, user_id: 'u' },
        };
      });
      await post('/api/v1/ingest', batch);
    }
    const devices = (await (await fetch(`${hub.url}/api/v1/devices`, { headers: auth })).json()) as {
      items: { id: number }[];
    };
    const deviceId = devices.items[0]!.id;
    const facade = `${hub.url}/compat/followapps/api/apps/${APP}`;
    const native = `${hub.url}/api/v1/devices/${deviceId}/positions`;
    const pages = Math.floor(count / PAGE);
    const facadePage = (i: number) => `${facade}/locations?per_page=${PAGE}&page=${1 + (i % pages)}`;
    const nativePage = () => `${native}?limit=${PAGE}`;

    const read = async (urls: (i: number) => string, n: number, label: string, perRequest: number) => {
      const started = process.hrtime.bigint();
      let next = 0;
      let located = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < n) {
            const url = urls(next++);
            const res = await fetch(url, { headers: auth });
            const text = await res.text();
            if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${text.slice(0, 200)}`);
            located += perRequest < 0 ? text.split('\n').length - 2 : perRequest;
          }
        }),
      );
      return { label, rows: located, seconds: seconds(started) } satisfies Timing;
    };
    // Both sides must answer as many positions per request, or the comparison would flatter one of them.
    const check = (await (await fetch(facadePage(0), { headers: auth })).json()) as {
      result: { item_count: number };
    };
    const nativeCheck = (await (await fetch(nativePage(), { headers: auth })).json()) as { items: unknown[] };
    if (check.result.item_count !== PAGE || nativeCheck.items.length !== PAGE) {
      throw new Error(`the facade page and the native page do not both hold ${PAGE} positions`);
    }
    const requests = Math.max(10, Math.min(200, Math.round(rows / 5000)));
    const exports = Math.max(2, Math.min(20, Math.round(rows / 50_000)));
    const nativeExport = () => `${hub.url}/api/v1/export?format=csv`;
    await read(facadePage, 10, 'warm-up', PAGE);
    await read(nativePage, 10, 'warm-up', PAGE);
    const json: [Timing[], Timing[]] = [[], []];
    const csv: [Timing[], Timing[]] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      json[0].push(await read(facadePage, requests, 'FollowAnalytics API, locations JSON (locations)', PAGE));
      json[1].push(await read(nativePage, requests, 'native API, positions JSON (positions)', PAGE));
      csv[0].push(
        await read(
          () => `${facade}/locations_export`,
          exports,
          'FollowAnalytics API, CSV export (locations)',
          -1,
        ),
      );
      csv[1].push(await read(nativeExport, exports, 'native API, CSV export (positions)', -1));
    }
    const sum = (ts: Timing[]): Timing => ({
      label: ts[0]!.label,
      rows: ts.reduce((a, t) => a + t.rows, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    const compare = (name: string, [facadeSide, nativeSide]: [Timing[], Timing[]], notes: string[]) => ({
      name,
      trackway: sum(facadeSide),
      baseline: sum(nativeSide),
      rounds: facadeSide.map((t, i) => t.rows / t.seconds / (nativeSide[i]!.rows / nativeSide[i]!.seconds)),
      notes,
    });
    const held = `${count} locations of ${DEVICES} phones; ${clients} concurrent clients in this process`;
    return [
      compare('followanalytics: locations pages of 1,000 (JSON) vs native positions pages of 1,000', json, [
        held,
        'a facade page counts the whole app (total_items) and reads across its phones; a native page reads one device',
      ]),
      compare('followanalytics: CSV export of the app vs native CSV export of the group', csv, [
        held,
        'both stream every position of the same phones',
      ]),
    ];
  } finally {
    await hub.stop();
  }
}

/** FollowAnalytics: serving app locations to FollowAnalytics clients, against the native API for the same data. */
export const followanalyticsScenario: Scenario = {
  name: 'followanalytics',
  async run({ rows, clients, dir }) {
    return locationComparisons(rows, clients, dir);
  },
};
