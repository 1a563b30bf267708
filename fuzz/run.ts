import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, startFuzzHub, type FuzzHub } from './hub.ts';
import { RssWatch } from './rss-watch.ts';
import { StallLog } from './stalls.ts';
import { requestArbitrary, routesOf, type Credentials, type FuzzRequest } from './targets.ts';

/**
 * `npm run fuzz`: a real hub process on a fresh SQLite directory, sent generated hostile requests over every
 * route of its OpenAPI document (native API, receivers, facades). Reports crashes, 5xx answers, requests slower
 * than a second and the growth of the hub's resident memory, with the requests in flight at each rise.
 * Bounded: it stops after `--requests`, and exits non-zero on a crash, a 5xx, a request slower than `--max-ms`
 * (a hang) or an RSS peak over `--max-rss-mb`. Not part of the test suite: it runs for minutes.
 */
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    'body-limit': { type: 'string', default: String(10 * 1024 * 1024) },
    report: { type: 'string', default: 'artifacts/fuzz-report.json' },
    // Another build's CLI, e.g. of the previous release, to compare against in the same conditions.
    bin: { type: 'string', default: BIN },
    // Route path prefixes to send to (all when none) and to leave out, to find which family drives a finding.
    include: { type: 'string', multiple: true, default: [] },
    exclude: { type: 'string', multiple: true, default: [] },
    // The run fails past these: the hub's resident memory, and the time of any one request (a hang).
    'max-rss-mb': { type: 'string', default: '600' },
    'max-ms': { type: 'string', default: '5000' },
    // Node options for the hub process, e.g. --heap-prof or --cpu-prof with --diagnostic-dir.
    'hub-node-option': { type: 'string', multiple: true, default: [] },
  },
});
const TOTAL = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SEED = Number(values.seed);
const BODY_LIMIT = Number(values['body-limit']);
const SLOW_MS = 1000;
const MAX_MS = Number(values['max-ms']);
const MAX_RSS_MB = Number(values['max-rss-mb']);
const TIMEOUT_MS = 30_000;
/** RSS is sampled this often; a rise of `JUMP_MB` between two samples is kept with the requests in flight. */
const RSS_SAMPLE_MS = 500;
const JUMP_MB = 100;
/** Requests drawn at a time: drawing is cheap, holding a million requests is not. */
const DRAW = 2000;
const EXAMPLES_PER_KIND = 5;

interface Finding {
  method: string;
  url: string;
  status: number | string;
  ms: number;
  body: string;
  sent: string;
}

const dir = mkdtempSync(join(tmpdir(), 'trackway-fuzz-'));
const hub = await startFuzzHub(join(dir, 'data'), BODY_LIMIT, values.bin, values['hub-node-option']);
const statuses = new Map<string, number>();
const serverErrors = new Map<string, Finding[]>();
const slow = new Map<string, Finding[]>();
const transport = new Map<string, Finding[]>();
let serverErrorCount = 0;
let slowCount = 0;
let hangCount = 0;
let transportErrors = 0;
let slowest = 0;
let watch: RssWatch | undefined;
const stallLog = new StallLog();

try {
  const creds = await setUp(hub);
  const openapi = (await (await fetch(`${hub.url}/api/v1/openapi.json`)).json()) as Parameters<
    typeof routesOf
  >[0];
  const routes = routesOf(openapi, { include: values.include, exclude: values.exclude });
  if (!routes.length) throw new Error('no route left after --include and --exclude');
  const arbitrary = requestArbitrary(hub.url, routes, creds, Math.floor(BODY_LIMIT * 0.9));
  console.log(`fuzz: ${routes.length} routes, ${TOTAL} requests, concurrency ${CONCURRENCY}, seed ${SEED}`);

  const started = Date.now();
  watch = new RssWatch(() => hub.rss(), RSS_SAMPLE_MS, JUMP_MB);
  let sent = 0;
  let batch = 0;
  let lastLog = Date.now();
  while (sent < TOTAL && !hub.exit) {
    const requests = fc.sample(arbitrary, { seed: SEED + batch++, numRuns: Math.min(DRAW, TOTAL - sent) });
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length && !hub.exit) await send(requests[next++]!);
      }),
    );
    sent += requests.length;
    if (Date.now() - lastLog > 5000 || sent >= TOTAL) {
      lastLog = Date.now();
      const rate = Math.round(sent / ((Date.now() - started) / 1000));
      console.log(
        `fuzz: ${sent}/${TOTAL} sent, ${rate}/s, 5xx ${serverErrorCount}, slow ${slowCount}, hangs ${hangCount}, ` +
          `transport errors ${transportErrors}, RSS ${watch.samples.at(-1)!.mb} MB (peak ${watch.peakMB()})`,
      );
    }
  }
  const seconds = (Date.now() - started) / 1000;
  watch.stop();
  const samples = watch.samples;
  const peakMB = watch.peakMB();
  const stalls = stallLog.stalls();
  const failures = [
    hub.exit ? 'the hub crashed' : '',
    serverErrorCount ? `${serverErrorCount} answers of 5xx` : '',
    hangCount ? `${hangCount} requests over ${MAX_MS} ms` : '',
    peakMB > MAX_RSS_MB ? `RSS peak ${peakMB} MB over ${MAX_RSS_MB} MB` : '',
  ].filter(Boolean);
  const report = {
    seed: SEED,
    requests: sent,
    seconds: Math.round(seconds),
    rate: Math.round(sent / seconds),
    routes: routes.length,
    include: values.include,
    exclude: values.exclude,
    failures,
    crashed: hub.exit ? { ...hub.exit, stderr: hub.stderr().slice(-4000) } : null,
    serverErrors: serverErrorCount,
    slow: slowCount,
    hangs: hangCount,
    maxMs: MAX_MS,
    slowestMs: slowest,
    transportErrors,
    statuses: Object.fromEntries([...statuses].sort()),
    rss: {
      startMB: samples[0]!.mb,
      peakMB,
      endMB: samples.at(-1)!.mb,
      maxMB: MAX_RSS_MB,
      suspects: watch.suspects(),
      jumps: watch.jumps,
      samples,
    },
    serverErrorExamples: Object.fromEntries(serverErrors),
    stalls,
    slowExamples: Object.fromEntries(slow),
    transportErrorExamples: Object.fromEntries(transport),
  };
  mkdirSync(join(values.report, '..'), { recursive: true });
  writeFileSync(values.report, JSON.stringify(report, null, 2));
  console.log(
    `fuzz: ${sent} requests in ${report.seconds} s (${report.rate}/s) over ${routes.length} routes, seed ${SEED}\n` +
      `  crashes: ${hub.exit ? 1 : 0}; 5xx: ${serverErrorCount}; over ${SLOW_MS} ms: ${slowCount}; ` +
      `over ${MAX_MS} ms (hangs): ${hangCount} (slowest ${slowest} ms); transport errors: ${transportErrors}\n` +
      `  RSS: ${report.rss.startMB} MB at start, ${peakMB} MB peak (bound ${MAX_RSS_MB} MB), ` +
      `${report.rss.endMB} MB at the end; ${watch.jumps.length} rises of ${JUMP_MB} MB or more\n` +
      `  statuses: ${JSON.stringify(report.statuses)}\n  report: ${values.report}`,
  );
  for (const [key, examples] of serverErrors) console.log(`  5xx ${key}: ${examples[0]!.body.slice(0, 200)}`);
  for (const stall of [...stalls].sort((a, b) => b.ms - a.ms).slice(0, 10))
    console.log(
      `  stall at ${Math.round(stall.at / 1000)} s, ${stall.ms} ms, ${stall.requests} requests over ${stall.routes} ` +
        `routes; first: ${stall.earliest.map((r) => `${r.key} (${r.sent.slice(0, 40)})`).join(', ')}`,
    );
  for (const { key, jumps } of watch.suspects().slice(0, 10))
    console.log(`  in flight at ${jumps} rises: ${key}`);
  for (const [key, examples] of transport)
    console.log(`  transport ${key}: ${examples[0]!.body.slice(0, 100)}`);
  console.log(failures.length ? `fuzz: FAILED: ${failures.join('; ')}` : 'fuzz: passed');
  process.exitCode = failures.length ? 1 : 0;
} finally {
  watch?.stop();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function send(r: FuzzRequest): Promise<void> {
  const key = `${r.method} ${new URL(r.url).pathname.replace(/\/\d+(?=\/|$)/g, '/:n')}`;
  const sentText = typeof r.body === 'string' ? r.body.slice(0, 300) : r.body ? `${r.body.length} bytes` : '';
  const bodySize = typeof r.body === 'string' ? Buffer.byteLength(r.body) : (r.body?.length ?? 0);
  const watched = { key, url: r.url.slice(0, 300), sent: `${bodySize} bytes: ${sentText.slice(0, 80)}` };
  const id = watch!.begin(watched);
  const t0 = performance.now();
  let status: number | string;
  let text = '';
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    text = status >= 500 ? await res.text() : '';
    if (status < 500) await res.body?.cancel();
  } catch (err) {
    status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'transport';
    text = String((err as Error).cause ?? (err as Error).message);
    transportErrors++;
  }
  const ms = Math.round(performance.now() - t0);
  watch!.end(id, ms);
  slowest = Math.max(slowest, ms);
  statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
  const finding = (): Finding => ({
    method: r.method,
    url: r.url.slice(0, 500),
    status,
    ms,
    body: text.slice(0, 1000),
    sent: sentText,
  });
  if (typeof status === 'number' && status >= 500 && status !== 503) {
    serverErrorCount++;
    keep(serverErrors, `${key} ${status}`, finding);
  } else if (typeof status === 'string') {
    // A body over a limit is answered 413 and the connection closed while it is still being sent: the client
    // sees EPIPE or a reset. Listed apart; a crash shows as the hub's exit.
    keep(transport, `${key} ${status}`, finding);
  }
  if (ms > SLOW_MS) {
    slowCount++;
    stallLog.add(watched, t0, ms);
    keep(slow, key, finding);
  }
  if (ms > MAX_MS) hangCount++;
}

function keep(map: Map<string, Finding[]>, key: string, make: () => Finding) {
  const list = map.get(key) ?? [];
  if (list.length < EXAMPLES_PER_KIND) list.push(make());
  map.set(key, list);
}

/** Sources with secrets for every receiver, a Sigfox facade login, and a few devices with data. */
async function setUp(h: FuzzHub): Promise<Credentials> {
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`setup ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown> & { id: number };
  };
  const receivers: Credentials['receivers'] = {};
  for (const vendor of ['spot', 'sigfox', 'osmand', 'owntracks']) {
    const source = await api('POST', '/api/v1/sources', { vendor, kind: 'push', name: `fuzz ${vendor}` });
    const secret = await api('POST', `/api/v1/sources/${source.id}/secrets`, { name: 'fuzz' });
    receivers[vendor] = { sourceId: source.id, secret: String(secret.secret) };
  }
  const now = Date.now();
  await api(
    'POST',
    '/api/v1/ingest',
    Array.from({ length: 200 }, (_, i) => ({
      vendor: i % 2 ? 'sigfox' : 'spot',
      externalId: i % 2 ? 'ABC1' : '0-1',
      fixTime: now - (200 - i) * 60_000,
      lat: 45 + i / 1000,
      lon: 7 + i / 1000,
      message: { payload: '0a0b', payloadEncoding: 'hex' },
    })),
  );
  await api('POST', '/api/v1/spot/feeds', { name: 'fuzz', deviceIds: [1, 2] }).catch(() => null);
  const login = await api('POST', '/compat/sigfox/credentials', {});
  const sigfoxBasic = `Basic ${Buffer.from(`${String(login.login)}:${String(login.password)}`).toString('base64')}`;
  return {
    token: h.token,
    receivers,
    sigfoxBasic,
    ids: ['1', '2', 'ABC1', '0-1', String(receivers.spot!.sourceId)],
  };
}
