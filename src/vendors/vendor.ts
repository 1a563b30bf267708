import type { Logger } from 'pino';
import type { App } from '../api/app.ts';
import type { HubContext } from '../api/context.ts';
import type { SecurityScheme } from '../api/openapi/document.ts';
import type { ExamplesByOperation } from '../api/openapi/examples.ts';
import type { Connector } from '../ingest/connector.ts';
import type { PushTarget } from '../ingest/push/source-auth.ts';
import type { CommitHook } from '../pipeline/pipeline.ts';
import type { StorageExtension } from '../storage/extension.ts';

/**
 * Everything one vendor (or push protocol) adds to the hub, each part optional (DESIGN.md §2). A vendor is its
 * folder `src/vendors/<name>/` with this descriptor in `index.ts`, and one line in `src/vendors/index.ts`.
 */
export interface VendorDescriptor {
  /** The vendor name sources are configured with (`source.vendor`) and external identities are namespaced by. */
  readonly name: string;
  /** The pull connector for this vendor's pull sources. */
  readonly connector?: Connector;
  /** Its push receivers' sources, whose senders prove themselves with device secrets made in the native API. */
  readonly pushTarget?: PushTarget;
  /** HTTP routes on the hub's port: receivers, the vendor facade and native-API additions, each under its prefix. */
  readonly routes?: (hub: HubContext) => (app: App) => Promise<void>;
  /**
   * The ways in of its routes that the core does not offer (a feed password, a vendor header), by the name its
   * routes use in their OpenAPI `security`. The core offers `bearer`, `session`, `tokenScheme`, `basic`,
   * `receiverSecret`, `receiverSecretHeader` and `deviceToken` (src/api/openapi/document.ts).
   */
  readonly securitySchemes?: Readonly<Record<string, SecurityScheme>>;
  /**
   * Examples of its routes' request bodies and answers (success, refusals, other media types), by operationId
   * (`getCompatSigfoxApiDevicesById`), for the OpenAPI document; each is checked against the route's schema
   * (test/openapi.test.ts).
   */
  readonly openapiExamples?: ExamplesByOperation;
  /** Run after every commit, after the core's own (pipeline/after-commit.ts), in the order given. */
  readonly afterCommit?: (hub: HubContext) => CommitHook[];
  /** Started once the HTTP server listens (a listener on its own port, a broker subscription); none when off. */
  readonly services?: (hub: HubContext, logger: Logger) => Promise<VendorService[]>;
  /**
   * Its own tables: paired migrations in the folder (recorded as `<owner>/<name>`) and a store made over each
   * database, reached with `storage.extension(...)`; opened and migrated wherever the hub's storage is.
   */
  readonly storage?: StorageExtension<object>;
  /** Its cloud faked on 127.0.0.1 with the document's limits, for `trackway sandbox <vendor>` and the demo. */
  readonly sandbox?: VendorSandbox;
  /** What it adds to `trackway demo`: its fake cloud or simulated phones, set up on the hub as a user would. */
  readonly demo?: (hub: DemoHub) => Promise<RunningDemoPart>;
}

/** A vendor's fake cloud, run alone: a faithful local copy of the vendor to test a client against. */
export interface VendorSandbox {
  /** What it fakes, e.g. `SPOT public feed API`. */
  readonly title: string;
  start(options: SandboxOptions): Promise<RunningSandbox>;
}

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /**
   * How many times faster than the document its time limits and its simulated devices run; 1 keeps the document's
   * limits (the sandbox command), more is the demo's `--fast`.
   */
  speedUp: number;
}

export interface RunningSandbox {
  /** The base URL a client is given. */
  readonly url: string;
  /** How to point a client at it: base URL, credentials, the limits it enforces, an example request. */
  readonly howToConnect: readonly string[];
  /** The settings of a pull source of this vendor that reads this sandbox. */
  readonly sourceSettings: Record<string, unknown>;
  stop(): Promise<void>;
}

/** The hub of `trackway demo`, as a vendor's demo part sees it. */
export interface DemoHub {
  readonly url: string;
  /** As in SandboxOptions: 1 keeps every vendor's limits, more is `--fast`. */
  readonly speedUp: number;
  /** The hub's native API with the admin token; rejects with the error body on an answer other than 2xx. */
  api<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<T>;
}

export interface RunningDemoPart {
  /** What it runs and where, for the demo's start-up screen. */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

/** Something a vendor runs beside the HTTP server, stopped in the orderly shutdown. */
export interface VendorService {
  /** Named in the start-up output, e.g. `OsmAnd receiver`. */
  readonly name: string;
  /** Where it listens, when it does. */
  readonly url?: string;
  /** For a service that holds a connection (a broker): whether it is up now, shown in the metrics. */
  connected?(): boolean;
  stop(): Promise<void>;
}

/** The storage extensions of a vendor list, to open storage with. */
export const storageExtensionsOf = (vendors: readonly VendorDescriptor[]): StorageExtension<object>[] =>
  vendors.flatMap((v) => (v.storage ? [v.storage] : []));
