import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { dispatchDataCallbacks } from './callbacks/dispatch.ts';
import { sigfoxReceiver } from './receiver/routes.ts';

/**
 * Everything Sigfox serves over HTTP, each part in its own context (content parsers, error handler), and the
 * device types' DATA callbacks, queued after each commit for the shared delivery worker.
 */
export const sigfoxMount = (hub: HubContext) => async (app: App) => {
  hub.pipeline.onCommit(dispatchDataCallbacks(hub.storage));
  await app.register(sigfoxReceiver(hub));
};
