import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, startFuzzHub, type FuzzHub } from './hub.ts';
import { requestArbitrary, routesOf, type Credentials, type FuzzRequest } from './targets.ts';

/**
 * `npm run fuzz`: a real hub process on a fresh SQLite directory, sent generated hostile requests over every
 * route of its OpenAPI document (native API, receivers, facades). Reports crashes, 5xx answers, requests slower
 * than a second (hangs) and the growth of the hub's resident memory. Bounded: it stops after `--requests`,
 * and exits non-zero when it found a crash or a 5xx. Not part of the test suite: it runs for minutes.
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
  },
});
const TOTAL = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SEED = Number(values.seed);
const BODY_LIMIT = Number(values['body-limit']);
const HANG_MS = 1000;
const TIMEOUT_MS = 30_000;
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
const hub = await startFuzzHub(join(dir, 'data'), BODY_LIMIT, values.bin);
const statuses = new Map<string, number>();
const serverErrors = new Map<string, Finding[]>();
const hangs = new Map<string, Finding[]>();
const transport = new Map<string, Finding[]>();
let serverErrorCount = 0;
let hangCount = 0;
let transportErrors = 0;
let slowest = 0;
const rss: { at: number; sent: number; bytes: number }[] = [];

try {
  const creds = await setUp(hub);
  const openapi = (await (await fetch(`${hub.url}/api/v1/openapi.json`)).json()) as Parameters<
    typeof routesOf
  >[0];
  const routes = routesOf(openapi);
  const arbitrary = requestArbitrary(hub.url, routes, creds, Math.floor(BODY_LIMIT * 0.9));
  console.log(`fuzz: ${routes.length} routes, ${TOTAL} requests, concurrency ${CONCURRENCY}, seed ${SEED}`);

  const started = Date.now();
  rss.push({ at: 0, sent: 0, bytes: hub.rss() });
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
      rss.push({ at: Date.now() - started, sent, bytes: hub.rss() });
      const rate = Math.round(sent / ((Date.now() - started) / 1000));
      console.log(
        `fuzz: ${sent}/${TOTAL} sent, ${rate}/s, 5xx ${serverErrorCount}, hangs ${hangCount}, ` +
          `transport errors ${transportErrors}, RSS ${mb(hub.rss())} MB`,
      );
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const report = {
    seed: SEED,
    requests: sent,
    seconds: Math.round(seconds),
    rate: Math.round(sent / seconds),
    routes: routes.length,
    crashed: hub.exit ? { ...hub.exit, stderr: hub.stderr().slice(-4000) } : null,
    serverErrors: serverErrorCount,
    hangs: hangCount,
    slowestMs: slowest,
    transportErrors,
    statuses: Object.fromEntries([...statuses].sort()),
    rss: {
      startMB: mb(rss[0]!.bytes),
      peakMB: mb(Math.max(...rss.map((r) => r.bytes))),
      endMB: mb(rss.at(-1)!.bytes),
      samples: rss.map((r) => ({ ...r, bytes: mb(r.bytes) })),
    },
    serverErrorExamples: Object.fromEntries(serverErrors),
    hangExamples: Object.fromEntries(hangs),
    transportErrorExamples: Object.fromEntries(transport),
  };
  mkdirSync(join(values.report, '..'), { recursive: true });
  writeFileSync(values.report, JSON.stringify(report, null, 2));
  console.log(
    `fuzz: ${sent} requests in ${report.seconds} s (${report.rate}/s) over ${routes.length} routes, seed ${SEED}\n` +
      `  crashes: ${hub.exit ? 1 : 0}; 5xx: ${serverErrorCount}; over ${HANG_MS} ms: ${hangCount} ` +
      `(slowest ${slowest} ms); transport errors: ${transportErrors}\n` +
      `  RSS: ${report.rss.startMB} MB at start, ${report.rss.peakMB} MB peak, ${report.rss.endMB} MB at the end\n` +
      `  statuses: ${JSON.stringify(report.statuses)}\n  report: ${values.report}`,
  );
  for (const [key, examples] of serverErrors) console.log(`  5xx ${key}: ${examples[0]!.body.slice(0, 200)}`);
  for (const [key, examples] of hangs) console.log(`  slow ${key}: ${examples[0]!.ms} ms`);
  for (const [key, examples] of transport)
    console.log(`  transport ${key}: ${examples[0]!.body.slice(0, 100)}`);
  process.exitCode = hub.exit || serverErrorCount ? 1 : 0;
} finally {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function send(r: FuzzRequest): Promise<void> {
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
  slowest = Math.max(slowest, ms);
  statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
  const key = `${r.method} ${new URL(r.url).pathname.replace(/\/\d+(?=\/|$)/g, '/:n')}`;
  const finding = (): Finding => ({
    method: r.method,
    url: r.url.slice(0, 500),
    status,
    ms,
    body: text.slice(0, 1000),
    sent: typeof r.body === 'string' ? r.body.slice(0, 300) : r.body ? `${r.body.length} bytes` : '',
  });
  if (typeof status === 'number' && status >= 500 && status !== 503) {
    serverErrorCount++;
    keep(serverErrors, `${key} ${status}`, finding);
  } else if (typeof status === 'string') {
    // A body over a limit is answered 413 and the connection closed while it is still being sent: the client
    // sees EPIPE or a reset. Listed apart; a crash shows as the hub's exit.
    keep(transport, `${key} ${status}`, finding);
  }
  if (ms > HANG_MS) {
    hangCount++;
    keep(hangs, key, finding);
  }
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

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
