import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, startFuzzHub } from './hub.ts';

/**
 * `npm run fuzz:memory`: the hub's resident memory under large hostile bodies (10 MB by default: JSON, deep
 * XML, an entity bomb, CSV) sent to every receiver and to the bulk API at once, sampled every 100 ms. What a
 * parser holds shows as the peak; what is never given back shows at the end.
 */
const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: String(10 * 1024 * 1024) },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    bin: { type: 'string', default: BIN },
  },
});
const BYTES = Number(values.bytes);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);

const dir = mkdtempSync(join(tmpdir(), 'trackway-memory-'));
const hub = await startFuzzHub(join(dir, 'data'), 32 * 1024 * 1024, values.bin);
try {
  const auth = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) =>
    fetch(`${hub.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) }).then(
      async (r) => (await r.json()) as Record<string, unknown> & { id: number },
    );
  const secrets: Record<string, string> = {};
  for (const vendor of ['spot', 'sigfox', 'owntracks']) {
    const source = await post('/api/v1/sources', { vendor, kind: 'push', name: vendor });
    const secret = await post(`/api/v1/sources/${source.id}/secrets`, { name: 'm' });
    secrets[vendor] = `${source.id}?secret=${String(secret.secret)}`;
  }
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "' +
    'a'.repeat(1000) +
    '"><!ENTITY b "' +
    '&a;'.repeat(1000) +
    '">]><messageList><message><esn>' +
    '&b;'.repeat(Math.floor(BYTES / 4)) +
    '</esn></message></messageList>';
  const deepXml = '<messageList>' + '<m>'.repeat(BYTES / 8) + '</m>'.repeat(BYTES / 8) + '</messageList>';
  const bigJson =
    '[' + '{"vendor":"m","externalId":"x","fixTime":1,"lat":1,"lon":1},'.repeat(BYTES / 60) + '1]';
  const deepJson = '{"a":'.repeat(BYTES / 10) + '1' + '}'.repeat(BYTES / 10);
  const csv = 'time,lat,lon\n' + `"${'x'.repeat(BYTES)}"`;
  const targets: [string, string, string, Record<string, string>][] = [
    ['SPOT push, entity bomb', `/ingest/spot/${secrets.spot}`, bomb, { 'content-type': 'application/xml' }],
    ['SPOT push, deep XML', `/ingest/spot/${secrets.spot}`, deepXml, { 'content-type': 'application/xml' }],
    [
      'Sigfox callback, large JSON',
      `/ingest/sigfox/${secrets.sigfox}`,
      bigJson,
      { 'content-type': 'application/json' },
    ],
    ['OwnTracks, deep JSON', `/ingest/owntracks?token=${secrets.owntracks!.split('=')[1]}`, deepJson, {}],
    ['native ingest, deep JSON', '/api/v1/ingest', `[{"attributes":${deepJson}}]`, auth],
    [
      'import, one 10 MB CSV field',
      '/api/v1/import?format=csv&device=m',
      csv,
      { ...auth, 'content-type': 'text/csv' },
    ],
  ];
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, hub.rss())), 100);
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  const start = hub.rss();
  console.log(
    `memory: ${mb(BYTES)} MB bodies, ${ROUNDS} rounds, concurrency ${CONCURRENCY}; RSS ${mb(start)} MB at start`,
  );
  for (const [name, path, body, headers] of targets) {
    peak = hub.rss();
    const before = peak;
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < ROUNDS * CONCURRENCY) {
          const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers, body }).catch(() => null);
          const status = res?.status ?? 0;
          await res?.body?.cancel();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    console.log(
      `  ${name}: peak ${mb(peak)} MB (+${mb(peak - before)}), after ${mb(hub.rss())} MB, ` +
        `${Date.now() - t0} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }
  clearInterval(sampler);
  console.log(
    `memory: RSS ${mb(hub.rss())} MB at the end (${mb(start)} at start); crashed: ${hub.exit ? 'yes' : 'no'}`,
  );
} finally {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}
