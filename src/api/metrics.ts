import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestSummary } from '../model/ingest.ts';
import type { LiveHub } from '../live/hub.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Storage } from '../storage/storage.ts';

/** Prometheus metrics of one hub: its own registry, so several hubs in one process (tests) do not collide. */
export function createMetrics(storage: Storage, pipeline: Pipeline, live: LiveHub) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trackway_process_' });
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
  new Gauge({
    name: 'trackway_sources',
    help: 'Configured sources by connector status',
    labelNames: ['vendor', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await storage.listSources('/')) this.inc({ vendor: s.vendor, status: s.status });
    },
  });
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
    recordIngest(summary: IngestSummary, seconds: number) {
      records.inc({ outcome: 'accepted' }, summary.accepted);
      records.inc({ outcome: 'duplicate' }, summary.duplicate);
      records.inc({ outcome: 'rejected' }, summary.rejected);
      batchSeconds.observe(seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
