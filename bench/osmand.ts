import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGpx } from '../src/formats/gpx/read-gpx.ts';
import { runImport } from '../src/formats/import/run-import.ts';
import { readNdjson } from '../src/formats/native/read-ndjson.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import { startSqliteHub } from './hub.ts';
import type { SendJob, SendReply } from './osmand-sender.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 5;
const DEVICES = 200;
const T0 = 1_700_000_000;

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * OsmAnd single-position requests, the hub against a bare node:http server that reads the same query and stores
 * nothing. The senders are autocannon in a process of their own (osmand-sender.ts), 16 keep-alive connections.
 */
async function requestComparison(rows: number, clients: number, dir: string): Promise<Comparison> {
  // Seconds per round and side: about 2 at the default --rows.
  const duration = Math.max(1, Math.min(10, Math.round(rows / 100_000)));
  const connections = clients * 4;
  const hub = await startSqliteHub(join(dir, 'hub'));
  const bare = createServer((req, res) => {
    // Read the fields as the receiver would, then answer without storing.
    const params = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (!params.get('id') || !params.get('lat')) res.statusCode = 400;
    res.end();
  });
  const sender = fork(fileURLToPath(new URL('./osmand-sender.ts', import.meta.url)), { stdio: 'inherit' });
  const run = (job: SendJob) =>
    new Promise<SendReply>((resolve) => {
      sender.once('message', resolve);
      sender.send(job);
    });
  try {
    const api = hub.post<{ id: number; secret: string }>;
    const source = await api('/api/v1/sources', { vendor: 'osmand', kind: 'push', name: 'bench' });
    const { secret } = await api(`/api/v1/sources/${source.id}/secrets`, { name: 'bench' });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const send = async (url: string, seconds: number, label: string): Promise<Timing> => {
      const reply = await run({ url, seconds, connections, devices: DEVICES, token: secret });
      if (!reply.ok) throw new Error(`${label}: ${reply.error}`);
      if (reply.non2xx || reply.errors)
        throw new Error(`${label}: ${reply.non2xx} answers other than 2xx, ${reply.errors} errors`);
      return { label, rows: reply.requests, seconds: reply.seconds };
    };
    // The warm-up also creates the devices.
    await send(hub.url, 1, 'warm-up');
    await send(bareUrl, 1, 'warm-up');
    const trackway: Timing[] = [];
    const baseline: Timing[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      trackway.push(await send(hub.url, duration, 'OsmAnd receiver (committed, then 200)'));
      baseline.push(await send(bareUrl, duration, 'node:http, reads the query, stores nothing'));
    }
    return {
      ...comparison('osmand: single-position requests per second', trackway, baseline, [
        `autocannon in its own process, ${connections} keep-alive connections, one position per request, ` +
          `${DEVICES} devices; the hub authenticates each request by its secret and commits before answering`,
      ]),
      target: 0.5,
    };
  } finally {
    sender.disconnect();
    await new Promise((r) => bare.close(r));
    await hub.stop();
  }
}

/** GPX import points per second, against the same points imported as NDJSON through the same pipeline. */
async function gpxComparison(rows: number, dir: string): Promise<Comparison> {
  const per = Math.ceil(rows / ROUNDS);
  mkdirSync(dir, { recursive: true });
  const trackway: Timing[] = [];
  const baseline: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const gpx = join(dir, `r${r}.gpx`);
    const ndjson = join(dir, `r${r}.ndjson`);
    writeFiles(gpx, ndjson, per, r);
    trackway.push(await importFile(join(dir, `g${r}.db`), gpx, 'gpx', 'GPX import (streamed, committed)'));
    baseline.push(
      await importFile(join(dir, `n${r}.db`), ndjson, 'ndjson', 'NDJSON import of the same points'),
    );
  }
  return comparison('gpx: import points per second', trackway, baseline, [
    `${per.toLocaleString('en-US')} track points per file and round, one device, into a new SQLite file each`,
  ]);
}

function writeFiles(gpx: string, ndjson: string, n: number, round: number) {
  const points: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = new Date((T0 + round * n + i) * 1000).toISOString();
    const lat = (45 + i / 1e5).toFixed(6);
    const lon = (7 + i / 2e5).toFixed(6);
    points.push(`<trkpt lat="${lat}" lon="${lon}"><ele>${200 + (i % 50)}</ele><time>${t}</time></trkpt>`);
    lines.push(
      JSON.stringify({
        vendor: 'file',
        externalId: 'bench',
        fixTime: t,
        lat: +lat,
        lon: +lon,
        altitude: 200 + (i % 50),
      }),
    );
  }
  writeFileSync(
    gpx,
    '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n' +
      points.join('\n') +
      '\n</trkseg></trk></gpx>\n',
  );
  writeFileSync(ndjson, lines.join('\n') + '\n');
}

async function importFile(
  db: string,
  file: string,
  format: 'gpx' | 'ndjson',
  label: string,
): Promise<Timing> {
  const storage = new SqliteStorage(db);
  await storage.migrate();
  try {
    const group = await storage.createGroup({ parentId: null, name: 'bench' });
    const input = createReadStream(file);
    const device = { vendor: 'file', externalId: 'bench' };
    const items = format === 'gpx' ? readGpx(input, { device }) : readNdjson(input);
    const started = process.hrtime.bigint();
    const report = await runImport(
      items,
      { pipeline: new Pipeline(storage), storage },
      {
        groupId: group.id,
        scopePath: group.path,
        sourceId: null,
        unknownDevices: 'create',
        receivedTime: Date.now(),
      },
    );
    const elapsed = seconds(started);
    if (report.error || report.rejected) throw new Error(`${label}: ${report.error ?? report.problems[0]}`);
    return { label, rows: report.accepted, seconds: elapsed };
  } finally {
    await storage.close();
  }
}

function comparison(name: string, trackway: Timing[], baseline: Timing[], notes: string[]): Comparison {
  const sum = (ts: Timing[]): Timing => ({
    label: ts[0]!.label,
    rows: ts.reduce((a, t) => a + t.rows, 0),
    seconds: ts.reduce((a, t) => a + t.seconds, 0),
  });
  return {
    name,
    trackway: sum(trackway),
    baseline: sum(baseline),
    rounds: trackway.map((t, i) => t.rows / t.seconds / (baseline[i]!.rows / baseline[i]!.seconds)),
    notes,
  };
}

/** Phones and files: OsmAnd requests per second, and GPX import points per second. */
export const osmandScenario: Scenario = {
  name: 'osmand',
  async run({ rows, clients, dir }) {
    return [await requestComparison(rows, clients, dir), await gpxComparison(rows, join(dir, 'gpx'))];
  },
};
