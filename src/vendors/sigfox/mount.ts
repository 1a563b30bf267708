import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { dispatchDataCallbacks } from './callbacks/dispatch.ts';
import { sigfoxCredentials, sigfoxFacade } from './facade/routes.ts';
import { sigfoxReceiver } from './receiver/routes.ts';
import { startKeepAlive } from './status/keep-alive.ts';

type SigfoxHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'>;

/**
 * Everything Sigfox adds: the network's callbacks in, the backend API v1 facade, the device types' DATA
 * callbacks queued after each commit for the shared delivery worker, and the keepAlive check, each HTTP part
 * in its own context (content parsers, error handler, authentication).
 */
export const sigfoxMount = (hub: SigfoxHub) => async (app: App) => {
  hub.pipeline.onCommit(dispatchDataCallbacks(hub.storage));
  await app.register(sigfoxReceiver(hub));
  await app.register(sigfoxCredentials(hub));
  await app.register(sigfoxFacade(hub), { prefix: '/compat/sigfox/api' });
  const keepAlive = startKeepAlive(hub.storage, hub.pipeline, (err) =>
    app.log.error({ err }, 'keepAlive check failed'),
  );
  app.addHook('onClose', () => keepAlive.stop());
};
