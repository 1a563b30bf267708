import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { dispatchDataCallbacks } from './callbacks/dispatch.ts';
import { sigfoxCredentials, sigfoxFacade } from './facade/routes.ts';
import { sigfoxReceiver } from './receiver/routes.ts';
import { statusCallbacks } from './status/status-callbacks.ts';

type SigfoxHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'>;

/**
 * Everything Sigfox adds: the network's callbacks in, the backend API v1 facade, and after each commit the
 * device types' DATA and ACKNOWLEDGE callbacks and the keepAlive ERROR and STATUS callbacks, queued for the shared delivery worker. Each HTTP
 * part has its own context (content parsers, error handler, authentication).
 */
export const sigfoxMount = (hub: SigfoxHub) => async (app: App) => {
  hub.pipeline.onCommit(dispatchDataCallbacks(hub.storage));
  hub.pipeline.onCommit(statusCallbacks(hub.storage));
  await app.register(sigfoxReceiver(hub));
  await app.register(sigfoxCredentials(hub));
  await app.register(sigfoxFacade(hub), { prefix: '/compat/sigfox/api' });
};
