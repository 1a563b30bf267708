import { formatSince } from '../src/vendors/mix/wire/dates.ts';
import { startSqliteHub } from './hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 5;
const MIN = 60_000;
/** 50 vans, two trips each: one answer of `GET /trips/:since` (100 trips). */
const VANS = 50;
const TRIPS = 2 * VANS;
/** Metres to degrees of longitude at latitude 52. */
const east = (metres: number) => metres / 68_640;

/**
 * What a MiX client polling Trackway pays: `GET /trips/:since` (100 derived trips, with their start and end
 * positions, in MiX's shape) as JSON, XML and CSV, against the native trips report of the same 100 trips, over
 * HTTP from the real hub. The trips are a round trip of each van in the last hour, so that `:since` is valid.
 */
async function tripsComparisons(rows: number, clients: number, dir: string): Promise<Comparison[]> {
  const hub = await startSqliteHub(dir);
  const auth = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
  try {
    const t0 = Date.now() - 45 * MIN;
    for (let v = 0; v < VANS; v++) {
      const res = await fetch(`${hub.url}/api/v1/devices`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: `van ${v}` }),
      });
      const device = (await res.json()) as { id: number };
      const lat = 52 + v * 0.01;
      const fixes = roundTrip(t0 + v * 1000).map((f) => ({
        deviceId: device.id,
        fixTime: new Date(f.t).toISOString(),
        lat,
        lon: f.lon,
        speed: 30,
      }));
      const ingest = await fetch(`${hub.url}/api/v1/ingest`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(fixes),
      });
      if (!ingest.ok) throw new Error(`ingest: HTTP ${ingest.status} ${await ingest.text()}`);
    }
    const since = formatSince(t0);
    const facade = (ext: string) => `${hub.url}/compat/mix/trips/${since}.${ext}`;
    const xAuth = { 'x-auth': hub.token };
    const from = new Date(t0).toISOString();
    const to = new Date(Date.now() + MIN).toISOString();
    const nativeUrl = `${hub.url}/api/v1/reports/trips?from=${from}&to=${to}`;
    // Both sides must answer the same 100 trips, or the comparison would flatter one of them.
    const served = (await (await fetch(facade('json'), { headers: xAuth })).json()) as unknown[];
    const native = (await (await fetch(nativeUrl, { headers: auth })).json()) as {
      items: { open: boolean }[];
    };
    if (served.length !== TRIPS || native.items.filter((t) => !t.open).length !== TRIPS) {
      throw new Error(
        `expected ${TRIPS} closed trips on both sides, got ${served.length} and ${native.items.length}`,
      );
    }
    const get = async (
      url: string,
      n: number,
      label: string,
      headers: Record<string, string>,
    ): Promise<Timing> => {
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < n) {
            next++;
            const res = await fetch(url, { headers });
            const text = await res.text();
            if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${text.slice(0, 200)}`);
          }
        }),
      );
      // Trips per second: each answer holds the same 100 trips.
      return { label, rows: n * TRIPS, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    };
    const responses = Math.max(50, Math.min(2000, Math.round(rows / 1000)));
    const per = Math.ceil(responses / ROUNDS);
    await get(facade('json'), 20, 'warm-up', xAuth);
    await get(nativeUrl, 20, 'warm-up', auth);
    const comparisons: Comparison[] = [];
    for (const ext of ['json', 'xml', 'csv']) {
      const side: Timing[] = [];
      const baseline: Timing[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        side.push(await get(facade(ext), per, `MiX GET /trips/:since.${ext} (trips)`, xAuth));
        baseline.push(await get(nativeUrl, per, 'native trips report, JSON (trips)', auth));
      }
      comparisons.push({
        name: `mix: 100 trips through GET /trips/:since.${ext} vs the native trips report, same trips`,
        trackway: sum(side),
        baseline: sum(baseline),
        rounds: side.map((t, i) => t.rows / t.seconds / (baseline[i]!.rows / baseline[i]!.seconds)),
        notes: [
          `${VANS} devices, ${TRIPS} derived trips in the last hour; ${clients} concurrent clients in this process`,
          'the MiX answer also reads each trip’s start and end fix (two position lookups per trip: most of its time)',
        ],
      });
    }
    return comparisons;
  } finally {
    await hub.stop();
  }
}

/** 5 min at home, 3 km east in 6 min, 10 min there, back in 6 min, 5 min at home; a fix every 30 s. */
function roundTrip(start: number) {
  const fixes: { t: number; lon: number }[] = [];
  let t = start;
  const home = 13;
  const away = home + east(3000);
  const stay = (lon: number, minutes: number) => {
    for (let i = 0; i < minutes * 2; i++, t += 30_000) fixes.push({ t, lon });
  };
  const go = (from: number, to: number, minutes: number) => {
    for (let i = 0; i < minutes * 2; i++, t += 30_000)
      fixes.push({ t, lon: from + ((to - from) * i) / (minutes * 2) });
  };
  stay(home, 5);
  go(home, away, 6);
  stay(away, 10);
  go(away, home, 6);
  stay(home, 5);
  return fixes;
}

const sum = (ts: Timing[]): Timing => ({
  label: ts[0]!.label,
  rows: ts.reduce((a, t) => a + t.rows, 0),
  seconds: ts.reduce((a, t) => a + t.seconds, 0),
});

/** MiX: serving trips to MiX clients, against the native trips report for the same trips. */
export const mixScenario: Scenario = {
  name: 'mix',
  async run({ rows, clients, dir }) {
    return tripsComparisons(rows, clients, dir);
  },
};
