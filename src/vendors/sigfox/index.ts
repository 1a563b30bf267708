import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/app.ts';
import type { CommitHook } from '../../pipeline/pipeline.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { dispatchDataCallbacks } from './callbacks/dispatch.ts';
import { sigfoxConnector } from './connector/connector.ts';
import { sigfoxDemo, sigfoxSandbox } from './fake-cloud/sandbox.ts';
import { sigfoxCredentials, sigfoxFacade } from './facade/routes.ts';
import { SIGFOX_PUSH_TARGET, sigfoxReceiver } from './receiver/routes.ts';
import { VENDOR } from './receiver/to-record.ts';
import { SIGFOX_OPENAPI_EXAMPLES } from './openapi-examples.ts';
import { statusCallbacks } from './status/status-callbacks.ts';

type SigfoxHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'>;

/**
 * The network's callbacks in and the backend API v1 facade under `/compat/sigfox/api` (document 004), each with
 * its own context (content parsers, error handler, authentication).
 */
export const sigfoxRoutes = (hub: SigfoxHub) => async (app: App) => {
  await app.register(sigfoxReceiver(hub));
  await app.register(sigfoxCredentials(hub));
  await app.register(sigfoxFacade(hub), { prefix: '/compat/sigfox/api' });
};

/**
 * After each commit: the device types' DATA and ACKNOWLEDGE callbacks, and the keepAlive ERROR and STATUS
 * callbacks, queued for the shared delivery worker.
 */
export const sigfoxAfterCommit = (hub: SigfoxHub): CommitHook[] => [
  dispatchDataCallbacks(hub.storage),
  statusCallbacks(hub.storage),
];

/** Sigfox backend REST API v1 (document 004): callbacks in, the backend pulled, the backend API served. */
export const sigfoxVendor: VendorDescriptor = {
  name: VENDOR,
  openapiExamples: SIGFOX_OPENAPI_EXAMPLES,
  connector: sigfoxConnector,
  pushTarget: SIGFOX_PUSH_TARGET,
  routes: sigfoxRoutes,
  afterCommit: sigfoxAfterCommit,
  sandbox: sigfoxSandbox,
  demo: sigfoxDemo,
};
