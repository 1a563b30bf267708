import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { startSqliteHub } from './hub.ts';
import type { PageJob, PageReply } from './page-reader.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const DEVICES = 10_000;
const ROUNDS = 4;
const PAGE = 1000;
const T0 = Date.UTC(2026, 0, 1);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The latest position of every device, as a map client loads it: `GET /api/v1/devices` (1,000 a page) read to
 * the end by a separate process, against 10,000 point lookups of each device's latest position with
 * better-sqlite3 on the hub's own file (one prepared statement, a JavaScript object per row). The hub keeps each
 * device's latest position id in the devices table, so both sides read the same rows.
 */
export const latestScenario: Scenario = {
  name: 'latest',
  async run({ dir }): Promise<Comparison[]> {
    const hub = await startSqliteHub(join(dir, 'hub'));
    const reader = fork(fileURLToPath(new URL('./page-reader.ts', import.meta.url)), { stdio: 'inherit' });
    const read = (job: PageJob) =>
      new Promise<Timing>((resolve, reject) => {
        reader.once('message', (reply: PageReply) =>
          reply.ok
            ? resolve({
                label: 'GET /api/v1/devices, 1,000 a page',
                rows: reply.rows,
                seconds: reply.seconds,
              })
            : reject(new Error(reply.error)),
        );
        reader.send(job);
      });
    try {
      for (let first = 0; first < DEVICES; first += PAGE) {
        const records = Array.from({ length: PAGE }, (_, i) => ({
          vendor: 'bench',
          externalId: `unit-${first + i}`,
          fixTime: T0 + (first + i) * 1000,
          lat: 45 + (first + i) / 1e5,
          lon: 7 + (first + i) / 2e5,
          speed: 40,
          course: 90,
          attributes: { fuel: 50 },
        }));
        await hub.post('/api/v1/ingest', records);
      }
      const db = openDatabase(hub.databaseFile);
      const lookup = db.prepare(
        'SELECT p.* FROM devices d JOIN positions p ON p.id = d.latest_position_id WHERE d.id = ?',
      );
      const ids = db
        .prepare('SELECT id FROM devices ORDER BY id')
        .pluck()
        .all()
        .map((id) => Number(id));
      const lookups = (): Timing => {
        const started = performance.now();
        let rows = 0;
        for (const id of ids) if (lookup.get(id)) rows++;
        return {
          label: '10,000 point lookups, better-sqlite3',
          rows,
          seconds: (performance.now() - started) / 1000,
        };
      };
      const job = { url: hub.url, token: hub.token, path: `/api/v1/devices?limit=${PAGE}` };
      await read(job);
      lookups();
      const api: Timing[] = [];
      const raw: Timing[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        api.push(await read(job));
        raw.push(lookups());
      }
      db.close();
      for (const t of [...api, ...raw]) {
        if (t.rows !== DEVICES)
          throw new Error(`"${t.label}" read ${t.rows} latest positions, not ${DEVICES}`);
      }
      const secondsOf = (ts: Timing[]) => median(ts.map((t) => t.seconds));
      return [
        {
          name: `latest position of ${DEVICES.toLocaleString('en-US')} devices (median of ${ROUNDS} rounds)`,
          trackway: { ...api[0]!, seconds: secondsOf(api) },
          baseline: { ...raw[0]!, seconds: secondsOf(raw) },
          rounds: api.map((t, i) => raw[i]!.seconds / t.seconds),
          target: 0.5,
          notes: [
            `the API's time: ${(secondsOf(api) * 1000).toFixed(0)} ms for all ${DEVICES} devices; the lookups: ` +
              `${(secondsOf(raw) * 1000).toFixed(0)} ms (target: at most 2× the lookups' time)`,
          ],
        },
      ];
    } finally {
      reader.disconnect();
      await hub.stop();
    }
  },
};
