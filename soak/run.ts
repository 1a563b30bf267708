import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchToken, startSqliteHubProcess } from '../bench/hub-process.ts';
import { scrapeMetrics } from './metrics.ts';
import { plotSvg } from './plot.ts';
import { runSender, type Sent } from './sender.ts';

/**
 * `npm run soak`: the hub as a process of its own under steady batch ingest at half the rate it reaches flat
 * out on this machine (measured first, or `--rate`), for `--minutes` (default 30), sampling its RSS and
 * event-loop delay from its /metrics and the latency of ingest and of a read. Writes report.json, report.md and
 * soak.svg to `--out` (default artifacts/soak, git-ignored). Bounded: it stops by itself.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string' },
    'calibrate-seconds': { type: 'string', default: '20' },
    'sample-seconds': { type: 'string', default: '10' },
    out: { type: 'string', default: 'artifacts/soak' },
  },
});
const number = (name: string, text: string | undefined, min: number, max: number) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be ${min} to ${max}`);
  return n;
};
const minutes = number('minutes', values.minutes, 0.5, 24 * 60);
const calibrateSeconds = number('calibrate-seconds', values['calibrate-seconds'], 5, 600);
const sampleSeconds = number('sample-seconds', values['sample-seconds'], 1, 600);
const fixedRate = values.rate === undefined ? null : number('rate', values.rate, 100, 10_000_000);
const out = resolve(values.out!);

const BATCH = 1000;
const CONCURRENCY = 4;
const DEVICES = 200;

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const dir = mkdtempSync(join(tmpdir(), 'trackway-soak-'));
// The bench's hub process: its own process, so the sender's work is not charged to the hub.
const hub = await startSqliteHubProcess(dir, benchToken());
const cleanUp = async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  // Flat out first, on the same hub: what "half the benchmarked rate" is on this machine, now.
  let calibrated: number | null = null;
  if (fixedRate === null) {
    let records = 0;
    const started = performance.now();
    await runSender({
      url: hub.url,
      token: hub.token,
      rate: null,
      batch: BATCH,
      concurrency: CONCURRENCY,
      devices: DEVICES,
      signal: AbortSignal.timeout(calibrateSeconds * 1000),
      onSent: (s) => (records += s.ok ? s.records : 0),
    });
    calibrated = Math.round(records / ((performance.now() - started) / 1000));
    console.log(`flat out: ${calibrated} records/s`);
  }
  const rate = fixedRate ?? Math.round(calibrated! / 2);
  console.log(`soaking at ${rate} records/s for ${minutes} min`);

  const sent: Sent[] = [];
  const reads: { at: number; latencyMs: number }[] = [];
  const samples: Record<string, number>[] = [];
  const soak = new AbortController();
  const startedAt = performance.now();
  const sending = runSender({
    url: hub.url,
    token: hub.token,
    rate,
    batch: BATCH,
    concurrency: CONCURRENCY,
    devices: DEVICES,
    signal: soak.signal,
    onSent: (s) => sent.push(s),
  });
  await scrapeMetrics(hub.url); // resets the event-loop histogram: the first sample covers the soak only
  let nextSample = sampleSeconds * 1000;
  let seen = 0;
  let readsSeen = 0;
  const endAt = minutes * 60_000;
  while (performance.now() - startedAt < endAt) {
    // A read beside the writes, once a second: what a user of the API sees meanwhile.
    const t = performance.now();
    const res = await fetch(`${hub.url}/api/v1/devices?limit=50`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    await res.arrayBuffer();
    reads.push({ at: t - startedAt, latencyMs: performance.now() - t });
    if (performance.now() - startedAt >= nextSample) {
      const metrics = await scrapeMetrics(hub.url);
      const window = sent.slice(seen);
      const windowReads = reads.slice(readsSeen);
      const elapsed = (performance.now() - startedAt) / 1000;
      const windowSeconds = samples.length ? elapsed - samples.at(-1)!.seconds! : elapsed;
      samples.push({
        seconds: elapsed,
        rssMb: metrics.rssBytes / 2 ** 20,
        eventLoopP99Ms: metrics.eventLoopP99Ms,
        eventLoopMaxMs: metrics.eventLoopMaxMs,
        ingestP50Ms: percentile(
          window.map((s) => s.latencyMs),
          50,
        ),
        ingestP99Ms: percentile(
          window.map((s) => s.latencyMs),
          99,
        ),
        readP99Ms: percentile(
          windowReads.map((r) => r.latencyMs),
          99,
        ),
        recordsPerSecond: window.reduce((n, s) => n + (s.ok ? s.records : 0), 0) / windowSeconds,
        failed: window.filter((s) => !s.ok).length,
      });
      const last = samples.at(-1)!;
      console.log(
        `${(elapsed / 60).toFixed(1)} min  rss ${last.rssMb!.toFixed(0)} MB  loop p99 ${last.eventLoopP99Ms!.toFixed(1)} ms` +
          `  ingest p99 ${last.ingestP99Ms!.toFixed(0)} ms  ${Math.round(last.recordsPerSecond!)} rec/s`,
      );
      seen = sent.length;
      readsSeen = reads.length;
      nextSample += sampleSeconds * 1000;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t))));
  }
  soak.abort();
  await sending;

  const latencies = sent.map((s) => s.latencyMs);
  const rss = samples.map((s) => s.rssMb!);
  const stored = sent.reduce((n, s) => n + (s.ok ? s.records : 0), 0);
  const report = {
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg()[0],
    minutes,
    flatOutRecordsPerSecond: calibrated,
    offeredRecordsPerSecond: rate,
    achievedRecordsPerSecond: Math.round(stored / ((performance.now() - startedAt) / 1000)),
    batches: sent.length,
    failedBatches: sent.filter((s) => !s.ok).length,
    ingestLatencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
    },
    readLatencyMs: {
      p50: percentile(
        reads.map((r) => r.latencyMs),
        50,
      ),
      p99: percentile(
        reads.map((r) => r.latencyMs),
        99,
      ),
    },
    eventLoopP99Ms: {
      median: percentile(
        samples.map((s) => s.eventLoopP99Ms!),
        50,
      ),
      max: Math.max(...samples.map((s) => s.eventLoopP99Ms!)),
    },
    rssMb: { first: rss[0], last: rss.at(-1), max: Math.max(...rss), lastOverFirst: rss.at(-1)! / rss[0]! },
    samples,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  const at = (key: string) => samples.map((s) => [s.seconds! / 60, s[key]!] as [number, number]);
  writeFileSync(
    join(out, 'soak.svg'),
    plotSvg(
      [
        {
          title: 'Hub resident memory',
          unit: 'MB',
          series: [{ label: 'RSS', color: '#1f77b4', points: at('rssMb') }],
        },
        {
          title: 'Hub event-loop delay',
          unit: 'ms',
          series: [
            { label: 'p99', color: '#d62728', points: at('eventLoopP99Ms') },
            { label: 'max', color: '#ff9896', points: at('eventLoopMaxMs') },
          ],
        },
        {
          title: 'Request latency',
          unit: 'ms',
          series: [
            { label: 'ingest p99', color: '#2ca02c', points: at('ingestP99Ms') },
            { label: 'ingest p50', color: '#98df8a', points: at('ingestP50Ms') },
            { label: 'read p99', color: '#9467bd', points: at('readP99Ms') },
          ],
        },
      ],
      `${minutes} min at ${rate} records/s${calibrated === null ? '' : ` (half of ${calibrated} flat out)`}, batches of ${BATCH}, ${cpus().length} CPUs`,
    ),
  );
  console.log(JSON.stringify({ ...report, samples: undefined }));
  console.log(`report and plot in ${out}`);
} finally {
  await cleanUp();
}
