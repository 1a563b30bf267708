import type { AddressInfo } from 'node:net';
import { createMetrics } from './api/metrics.ts';
import { deadCallbackEvent } from './callbacks/dead-event.ts';
import { DeliveryWorker } from './callbacks/worker.ts';
import type { HubContext } from './api/context.ts';
import { buildServer } from './api/server.ts';
import { bootstrap } from './auth/bootstrap.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './lib/logger.ts';
import { redactText } from './lib/redact.ts';
import { VERSION } from './lib/version.ts';
import { IngestRuntime } from './ingest/runtime.ts';
import { LiveHub } from './live/hub.ts';
import { SharedLiveFeed } from './live/shared-feed.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { ContextCache } from './derive/context.ts';
import { Deriver } from './derive/deriver.ts';
import { derivationFollower } from './derive/follow.ts';
import { attachDerivation, pipelineEmitter } from './derive/hook.ts';
import { SilenceWatcher } from './derive/silence.ts';
import { openStorage } from './storage/open.ts';
import { RetentionSchedule } from './retention/retention-job.ts';
import { connectorRegistry } from './ingest/registry.ts';
import { afterCommit } from './pipeline/after-commit.ts';
import { vendors as vendorList } from './vendors/index.ts';
import { storageExtensionsOf, type VendorDescriptor, type VendorService } from './vendors/vendor.ts';
import { webhookFollower } from './webhooks/dispatch.ts';

export interface RunningHub {
  url: string;
  /** What the vendors run beside the HTTP server (the OsmAnd port, the OwnTracks MQTT subscriber…). */
  services: readonly Pick<VendorService, 'name' | 'url'>[];
  /** A token generated on this start, shown once; null when one already existed or was preset. */
  createdToken: string | null;
  /** The first admin user's password generated on this start, shown once. */
  createdPassword: string | null;
  stop(): Promise<void>;
}

/**
 * Starts the hub: storage, pipeline, live stream, pull connectors, HTTP server, and what each vendor of the list
 * adds (src/vendors/index.ts by default).
 */
export async function startHub(
  config: Config,
  vendors: readonly VendorDescriptor[] = vendorList,
): Promise<RunningHub> {
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config, { extensions: storageExtensionsOf(vendors) });
  const { createdToken, createdPassword } = await bootstrap(storage, config.adminToken, config.adminPassword);
  const pipeline = new Pipeline(storage);
  const live = new LiveHub();
  pipeline.onHookError = (err) => logger.error({ err }, 'after-commit hook failed');
  // Where other processes may commit too (PostgreSQL), every commit reaches the live stream through the database.
  const feed = storage.commitSignal
    ? new SharedLiveFeed(storage, storage.commitSignal, live, (err) =>
        logger.error({ err }, 'live feed fault'),
      )
    : null;
  await feed?.start();
  const services: VendorService[] = [];
  const metrics = createMetrics(storage, pipeline, live, {
    config,
    version: VERSION,
    postgresPool: storage.pool ?? undefined,
    connections: () =>
      services.flatMap((s) => (s.connected ? [{ name: s.name, connected: s.connected() }] : [])),
  });
  // Derivation after commit: trips, stops, places and alarms; silence alarms on a timer.
  const derived = new ContextCache(storage);
  const emit = pipelineEmitter(pipeline);
  const silence = new SilenceWatcher(storage, emit, (err) => logger.error({ err }, 'silence check failed'));
  const derivation = derivationFollower(storage, new Deriver(storage, derived, emit), {
    onError: (err) => logger.error({ err }, 'derivation failed; retrying'),
  });
  await derivation.init();
  // Outgoing callbacks: every process runs a worker; claims keep them from sending one delivery twice.
  const raiseDead = deadCallbackEvent(emit);
  const deliveries = new DeliveryWorker({
    storage,
    smtp: config.smtp,
    onDead: async (callback, delivery) => {
      logger.warn({ callbackId: callback.id, reason: delivery.lastReason }, 'callback marked dead');
      await raiseDead(callback, delivery);
    },
    onAttempt: metrics.deliveryAttempted,
    onError: (err) => logger.error({ err }, 'delivery worker fault'),
  });
  // Event webhooks follow committed events, derived ones included, and queue them for the delivery worker.
  const webhooks = webhookFollower(storage, () => deliveries.wake(), {
    onError: (err) => logger.error({ err }, 'webhook dispatch failed; retrying'),
  });
  await webhooks.init();
  const connectors = connectorRegistry(vendors.flatMap((v) => (v.connector ? [v.connector] : [])));
  const runtime = new IngestRuntime({
    storage,
    connectors,
    pipeline,
    onError: (err) => logger.error({ err }, 'ingest runtime fault'),
    onSourceChange: (change) => {
      const { id: sourceId, vendor, name } = change.source;
      if (change.kind === 'recovered') {
        logger.info({ sourceId, vendor, name, failures: change.failures }, 'source works again');
      } else {
        const { reason, fatal, failures, retryAt } = change;
        metrics.fetchFailed(vendor, fatal);
        const next = retryAt === null ? null : new Date(retryAt).toISOString();
        logger.warn(
          { sourceId, vendor, name, reason: redactText(reason), fatal, failures, retryAt: next },
          fatal ? 'source failed and stopped' : 'source failed; retrying later',
        );
      }
    },
  });
  const hub: HubContext = {
    config,
    storage,
    pipeline,
    live,
    metrics,
    connectors,
    pushTargets: vendors.flatMap((v) => (v.pushTarget ? [v.pushTarget] : [])),
    derived,
    derivedUpToDate: () => derivation.catchUp(),
    sourcesChanged: () => runtime.wake(),
    state: { ready: false },
  };
  const hooks = afterCommit({
    live: feed ? feed.notify : live.publishBatch,
    derivation: attachDerivation(pipeline, derivation, silence),
    webhooks: (batch) => {
      if (batch.items.some((i) => i.committed?.status === 'accepted' && i.committed.events.length))
        webhooks.wake();
    },
    vendors: vendors.flatMap((v) => v.afterCommit?.(hub) ?? []),
  });
  for (const hook of hooks) pipeline.onCommit(hook);
  const app = await buildServer(
    hub,
    logger,
    vendors.flatMap((v) => (v.routes ? [v.routes(hub)] : [])),
    Object.assign({}, ...vendors.map((v) => v.securitySchemes ?? {})),
    Object.assign({}, ...vendors.map((v) => v.openapiExamples ?? {})),
  );
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
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
  for (const vendor of vendors) services.push(...((await vendor.services?.(hub, logger)) ?? []));
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
      await Promise.all([app.close(), runtime.stop(), ...services.map((s) => s.stop())]);
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
    services: services.map(({ name, url }) => ({ name, url })),
    createdToken,
    createdPassword,
    stop,
  };
}
