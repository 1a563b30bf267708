import type { FailedAuthLimit } from '../auth/failed-auth-limit.ts';
import type { Config } from '../config/config.ts';
import type { ConnectorRegistry } from '../ingest/registry.ts';
import type { PushTarget } from '../ingest/push/source-auth.ts';
import type { LiveHub } from '../live/hub.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Storage } from '../storage/storage.ts';
import type { Metrics } from './metrics.ts';
import type { ContextCache } from '../derive/context.ts';

/** What the routes work with: one per running hub. */
export interface HubContext {
  config: Config;
  storage: Storage;
  pipeline: Pipeline;
  live: LiveHub;
  metrics: Metrics;
  /** Pull connectors by vendor: a pull source needs one. */
  connectors: ConnectorRegistry;
  /** The sources whose senders prove themselves with device secrets, one entry per push receiver. */
  pushTargets: readonly PushTarget[];
  /** Tells the ingest runtime that a source was created or changed, so that it need not wait for its next scan. */
  sourcesChanged?: () => void;
  /** The count of failed authentications per client, made with the HTTP server and shared by every server. */
  failedAuth?: FailedAuthLimit;
  /** False while starting and once shutdown begins: /health answers 503, ingest refuses new work. */
  state: { ready: boolean };
  /** Derivation's cache of rules and places: the places API clears it so a change counts at once. */
  derived?: ContextCache;
  /**
   * Resolves once derivation has handled everything committed before the call (on the process that derives):
   * routes that read trips, stops or derived events call it first, so what they answer includes earlier pushes.
   */
  derivedUpToDate?: () => Promise<void>;
}
