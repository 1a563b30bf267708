import type { AddressInfo } from 'node:net';
import { createMetrics } from './api/metrics.ts';
import { deadCallbackEvent } from './callbacks/dead-event.ts';
import { DeliveryWorker } from './callbacks/worker.ts';
import { buildServer } from './api/server.ts';
import { bootstrap } from './auth/bootstrap.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './lib/logger.ts';
import { IngestRuntime } from './ingest/runtime.ts';
import { LiveHub } from './live/hub.ts';
import { PostgresLiveFeed } from './live/postgres-feed.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { ContextCache } from './derive/context.ts';
import { Deriver } from './derive/deriver.ts';
import { derivationFollower } from './derive/follow.ts';
import { deriveHook, pipelineEmitter } from './derive/hook.ts';
import { SilenceWatcher } from './derive/silence.ts';
import { startOsmandListener } from './receivers/osmand/listener.ts';
import { startOwntracksMqtt } from './receivers/owntracks/mqtt.ts';
import { openStorage } from './storage/open.ts';
import { RetentionSchedule } from './retention/retention-job.ts';
import { PostgresStorage } from './storage/postgres/postgres-storage.ts';
import { connectors } from './vendors/registry.ts';
import { webhookFollower } from './webhooks/dispatch.ts';

export interface RunningHub {
  url: string;
  /** The OsmAnd receiver's own port, when enabled. */
  osmandUrl: string | null;
  /** A token generated on this start, shown once; null when one already existed or was preset. */
  createdToken: string | null;
  /** The first admin user's password generated on this start, shown once. */
  createdPassword: string | null;
  stop(): Promise<void>;
}

/** Starts the hub: storage, pipeline, live stream, pull connectors, HTTP server. */
export async function startHub(config: Config): Promise<RunningHub> {
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config);
  const { createdToken, createdPassword } = await bootstrap(storage, config.adminToken, config.adminPassword);
  const pipeline = new Pipeline(storage);
  const live = new LiveHub();
  pipeline.onHookError = (err) => logger.error({ err }, 'after-commit hook failed');
  // On PostgreSQL other processes may commit too: every commit reaches the live stream through the database.
  const feed =
    storage instanceof PostgresStorage
      ? new PostgresLiveFeed(storage, live, (err) => logger.error({ err }, 'live feed fault'))
      : null;
  if (feed) {
    await feed.start();
    pipeline.onCommit(feed.notify);
  } else {
    pipeline.onCommit(live.publishBatch);
  }
  const metrics = createMetrics(storage, pipeline, live);
  // Derivation after commit: trips, stops, places and alarms; silence alarms on a timer.
  const derived = new ContextCache(storage);
  const emit = pipelineEmitter(pipeline);
  const silence = new SilenceWatcher(storage, emit, (err) => logger.error({ err }, 'silence check failed'));
  const derivation = derivationFollower(storage, new Deriver(storage, derived, emit), {
    onError: (err) => logger.error({ err }, 'derivation failed; retrying'),
  });
  await derivation.init();
  pipeline.onCommit(deriveHook(derivation, silence));
  // Outgoing callbacks: every process runs a worker; claims keep them from sending one delivery twice.
  const raiseDead = deadCallbackEvent(emit);
  const deliveries = new DeliveryWorker({
    storage,
    smtp: config.smtp,
    onDead: async (callback, delivery) => {
      logger.warn({ callbackId: callback.id, reason: delivery.lastReason }, 'callback marked dead');
      await raiseDead(callback, delivery);
    },
    onError: (err) => logger.error({ err }, 'delivery worker fault'),
  });
  // Event webhooks follow committed events, derived ones included, and queue them for the delivery worker.
  const webhooks = webhookFollower(storage, () => deliveries.wake(), {
    onError: (err) => logger.error({ err }, 'webhook dispatch failed; retrying'),
  });
  await webhooks.init();
  pipeline.onCommit((batch) => {
    if (batch.items.some((i) => i.committed?.status === 'accepted' && i.committed.events.length))
      webhooks.wake();
  });
  const hub = {
    config,
    storage,
    pipeline,
    live,
    metrics,
    connectors,
    derived,
    derivedUpToDate: () => derivation.catchUp(),
    state: { ready: false },
  };
  const app = await buildServer(hub, logger);
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const runtime = new IngestRuntime({
    storage,
    connectors,
    pipeline,
    onError: (err) => logger.error({ err }, 'ingest runtime fault'),
  });
  runtime.start();
  derivation.start();
  silence.start();
  deliveries.start();
  webhooks.start();
  // Retention per group and, on PostgreSQL, partitions for the months ahead: one process per pass.
  const retention = new RetentionSchedule(storage, {
    onRun: (run) => {
      if (run.positions || run.messages || run.partitions.length || run.dropped.length)
        logger.info({ retention: run }, 'retention pass');
    },
    onError: (err) => logger.error({ err }, 'retention pass failed'),
  });
  retention.start();
  const osmand =
    config.osmandPort === null
      ? null
      : await startOsmandListener(hub, logger, config.host, config.osmandPort);
  const owntracks = config.owntracksMqtt ? await startOwntracksMqtt(hub, logger, config.owntracksMqtt) : null;
  hub.state.ready = true;

  let stopping: Promise<void> | null = null;
  /**
   * Orderly shutdown: refuse new work, end live streams, let requests in flight finish (their batches commit),
   * then close storage. Nothing acknowledged is lost, nothing half-done is acknowledged.
   */
  const stop = () =>
    (stopping ??= (async () => {
      hub.state.ready = false;
      live.close();
      await Promise.all([app.close(), runtime.stop(), osmand?.stop(), owntracks?.stop()]);
      await silence.stop();
      await retention.stop();
      await pipeline.idle();
      await derivation.stop();
      await webhooks.stop();
      await deliveries.stop();
      await feed?.stop();
      await storage.close();
      logger.info('stopped');
    })());
  return {
    url: `http://${host}:${port}`,
    osmandUrl: osmand?.url ?? null,
    createdToken,
    createdPassword,
    stop,
  };
}
