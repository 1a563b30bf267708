import { startSqliteHub } from './hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 3;
const STEP_MS = 5000;

/**
 * What a GPS365 client exporting a tracker's history pays: every row of one tracker through `coordinates/list`
 * (5,000 rows per request, `last_date` + 1 s as the next start) against the same rows from the native positions
 * API (1,000 per page by cursor), both over HTTP from the real hub.
 */
async function listComparison(rows: number, dir: string): Promise<Comparison> {
  const hub = await startSqliteHub(dir);
  const auth = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
  const count = Math.max(1000, Math.min(100_000, Math.round(rows / 2)));
  try {
    const first = Math.floor((Date.now() - count * STEP_MS) / 1000) * 1000 - 3_600_000;
    for (let i = 0; i < count; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, count - i) }, (_, j) => ({
        vendor: 'bench',
        externalId: 'truck',
        fixTime: first + (i + j) * STEP_MS,
        lat: 48 + (i + j) / 1e6,
        lon: 16,
        speed: 50,
        course: 90,
        ignition: true,
        power: 12.4,
      }));
      const res = await fetch(`${hub.url}/api/v1/ingest`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(batch),
      });
      if (!res.ok) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
    }
    const devices = (await (await fetch(`${hub.url}/api/v1/devices`, { headers: auth })).json()) as {
      items: { id: number }[];
    };
    const id = devices.items[0]!.id;
    const facade = async (): Promise<number> => {
      let start = new Date(first).toISOString().slice(0, 19).replace('T', ' ');
      let read = 0;
      for (;;) {
        const res = await fetch(`${hub.url}/compat/gps365/api/coordinates/list`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams([
            ['api_token', hub.token],
            [`trackers[${id}]`, start],
          ]),
        });
        const body = (await res.json()) as {
          summary: Record<string, { rows: number; total: number; last_date: string }>;
        };
        const s = body.summary[id]!;
        read += s.rows;
        if (s.rows >= s.total) return read;
        start = new Date(Date.parse(`${s.last_date.replace(' ', 'T')}Z`) + 1000)
          .toISOString()
          .slice(0, 19)
          .replace('T', ' ');
      }
    };
    const native = async (): Promise<number> => {
      let read = 0;
      let cursor: string | null = null;
      do {
        const url = `${hub.url}/api/v1/devices/${id}/positions?limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await (await fetch(url, { headers: auth })).json()) as {
          items: unknown[];
          next: string | null;
        };
        read += body.items.length;
        cursor = body.next;
      } while (cursor);
      return read;
    };
    const timed = async (label: string, read: () => Promise<number>): Promise<Timing> => {
      const started = process.hrtime.bigint();
      const n = await read();
      if (n !== count) throw new Error(`${label}: read ${n} rows, expected ${count}`);
      return { label, rows: n, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    };
    await facade();
    await native();
    const trackway: Timing[] = [];
    const baseline: Timing[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      trackway.push(await timed('GPS365 coordinates/list (rows)', facade));
      baseline.push(await timed('native positions API (rows)', native));
    }
    const sum = (ts: Timing[]): Timing => ({
      label: ts[0]!.label,
      rows: ts.reduce((a, t) => a + t.rows, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    return {
      name: 'gps365: one tracker\u2019s history through coordinates/list vs the native positions API, same rows',
      trackway: sum(trackway),
      baseline: sum(baseline),
      rounds: trackway.map((t, i) => t.rows / t.seconds / (baseline[i]!.rows / baseline[i]!.seconds)),
      notes: [
        `${count.toLocaleString('en-US')} positions of one device, one every 5 s; one client, sequential requests`,
        'coordinates/list also counts the window (summary.total) on every request, as GPS365 answers',
      ],
    };
  } finally {
    await hub.stop();
  }
}

/** GPS365: exporting history through the Coordinates API, against the native API for the same rows. */
export const gps365Scenario: Scenario = {
  name: 'gps365',
  async run({ rows, dir }) {
    return [await listComparison(rows, dir)];
  },
};
