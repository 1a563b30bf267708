import { statSync } from 'node:fs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/config.ts';
import type { IngestSummary } from '../model/ingest.ts';
import type { LiveHub } from '../live/hub.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Source } from '../model/records.ts';
import type { AttemptResult } from '../callbacks/worker.ts';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import { isWebhook } from '../webhooks/webhook.ts';
import type { Storage } from '../storage/storage.ts';

/** What the metrics read at scrape time besides storage. */
export interface MetricsSources {
  config: Pick<Config, 'databaseUrl' | 'databaseFile'>;
  /** The hub's version, for `trackway_build_info`. */
  version: string;
  /** Services that hold a connection (the OwnTracks MQTT subscriber): whether each is connected now. */
  connections?: () => { name: string; connected: boolean }[];
  /** On PostgreSQL: the pool's size, and its connections by state now. */
  postgresPool?: { max: number; connections(): Promise<Record<string, number>> };
}

/**
 * Prometheus metrics of one hub: its own registry, so several hubs in one process (tests) do not collide. The
 * process and Node.js metrics keep their standard names (`process_*`, `nodejs_*`); the hub's own start with
 * `trackway_`.
 */
export function createMetrics(storage: Storage, pipeline: Pipeline, live: LiveHub, sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges that prom-client names like counters (promtool rejects the "_total" suffix); the same figures stay
  // available by type as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ])
    registry.removeSingleMetric(name);
  new Gauge({
    name: 'trackway_build_info',
    help: 'Always 1; the labels name the running version',
    labelNames: ['version', 'node'],
    registers: [registry],
  }).set({ version: sources.version, node: process.version }, 1);
  const records = new Counter({
    name: 'trackway_ingest_records_total',
    help: 'Records through the pipeline, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'trackway_ingest_batch_seconds',
    help: 'Time from receiving a batch to its commit',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'trackway_pipeline_stage_seconds',
    help: 'Time spent in each pipeline stage per batch',
    labelNames: ['stage'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'trackway_pipeline_batches_in_flight',
    help: 'Batches in the pipeline now (the queue before commit)',
    registers: [registry],
    collect() {
      this.set(pipeline.pendingBatches);
    },
  });
  new Gauge({
    name: 'trackway_live_subscribers',
    help: 'Open live-stream connections',
    registers: [registry],
    collect() {
      this.set(live.size);
    },
  });
  // The source gauges are read together, once per scrape.
  let sourcesRead: Promise<Source[]> | null = null;
  const readSources = () =>
    (sourcesRead ??= storage.listSources('/').finally(() => setImmediate(() => (sourcesRead = null))));
  new Gauge({
    name: 'trackway_sources',
    help: 'Configured sources by connector status',
    labelNames: ['vendor', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readSources()) this.inc({ vendor: s.vendor, status: s.status });
    },
  });
  new Gauge({
    name: 'trackway_source_state',
    help: 'Each source: 1 for its current state (idle, running, backoff, failed, disabled)',
    labelNames: ['source', 'vendor', 'kind', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readSources()) {
        this.set({ source: String(s.id), vendor: s.vendor, kind: s.kind, state: s.status }, 1);
      }
    },
  });
  new Gauge({
    name: 'trackway_source_last_success_timestamp_seconds',
    help: "Each pull source's last page fetched and committed without error (absent before the first)",
    labelNames: ['source', 'vendor'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readSources()) {
        if (s.lastSuccessAt !== null)
          this.set({ source: String(s.id), vendor: s.vendor }, s.lastSuccessAt / 1000);
      }
    },
  });
  new Gauge({
    name: 'trackway_source_consecutive_failures',
    help: "Each pull source's failures since its last success",
    labelNames: ['source', 'vendor'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readSources()) {
        if (s.kind === 'pull') this.set({ source: String(s.id), vendor: s.vendor }, s.failures);
      }
    },
  });
  const fetchErrors = new Counter({
    name: 'trackway_source_fetch_errors_total',
    help: 'Failed pages of pull sources, by vendor and whether they are retried',
    labelNames: ['vendor', 'kind'],
    registers: [registry],
  });
  const receiverRequests = new Counter({
    name: 'trackway_receiver_requests_total',
    help: 'Requests to push receivers, by receiver and HTTP status',
    labelNames: ['receiver', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'trackway_service_connected',
    help: 'Services that hold a connection (the OwnTracks MQTT subscriber): 1 while connected',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of sources.connections?.() ?? []) this.set({ service: c.name }, c.connected ? 1 : 0);
    },
  });
  if (!sources.config.databaseUrl) {
    const file = sources.config.databaseFile;
    new Gauge({
      name: 'trackway_sqlite_file_bytes',
      help: 'Size of the SQLite database file and of its write-ahead log',
      labelNames: ['file'],
      registers: [registry],
      collect() {
        this.set({ file: 'database' }, sizeOf(file));
        this.set({ file: 'wal' }, sizeOf(`${file}-wal`));
      },
    });
  }
  const deliveries = new Counter({
    name: 'trackway_deliveries_total',
    help: 'Attempts to deliver callbacks and event webhooks: sent, failed (retried later) or dead (failed for good)',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  // Every series from the start, so that rate() and alerts see a 0 rather than nothing before the first attempt.
  for (const kind of ['callback', 'webhook'])
    for (const result of ['sent', 'failed', 'dead']) deliveries.inc({ kind, result }, 0);
  new Gauge({
    name: 'trackway_delivery_queue_depth',
    help: 'Deliveries waiting to be sent (due now or at their next retry), of callbacks and of event webhooks',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const pending = await storage.pendingDeliveries();
      this.set({ kind: 'callback' }, pending.callback);
      this.set({ kind: 'webhook' }, pending.webhook);
    },
  });
  if (sources.postgresPool) {
    const pool = sources.postgresPool;
    new Gauge({
      name: 'trackway_postgres_pool_connections',
      help: "This process's PostgreSQL connections by state (active includes the scrape's own query)",
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [state, n] of Object.entries(await pool.connections())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'trackway_postgres_pool_max',
      help: 'Connections the PostgreSQL pool of this process may open',
      registers: [registry],
    }).set(pool.max);
  }
  const httpSeconds = new Histogram({
    name: 'trackway_http_request_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  pipeline.onTiming = (t) => stageSeconds.observe({ stage: t.stage }, t.seconds);

  return {
    registry,
    httpSeconds,
    /** A pull source's page failed. */
    fetchFailed(vendor: string, fatal: boolean) {
      fetchErrors.inc({ vendor, kind: fatal ? 'fatal' : 'retryable' });
    },
    /** A callback or webhook delivery attempt ended. */
    deliveryAttempted(callback: OutgoingCallback | null, result: AttemptResult) {
      deliveries.inc({ kind: callback && isWebhook(callback) ? 'webhook' : 'callback', result });
    },
    /** A push receiver answered a request. */
    receiverAnswered(receiver: string, status: number) {
      receiverRequests.inc({ receiver, status: String(status) });
    },
    recordIngest(summary: IngestSummary, seconds: number) {
      records.inc({ outcome: 'accepted' }, summary.accepted);
      records.inc({ outcome: 'merged' }, summary.merged);
      records.inc({ outcome: 'duplicate' }, summary.duplicate);
      records.inc({ outcome: 'rejected' }, summary.rejected);
      batchSeconds.observe(seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    // No WAL between checkpoints, or no file yet.
    return 0;
  }
}
