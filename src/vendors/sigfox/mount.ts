import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { sigfoxReceiver } from './receiver/routes.ts';

/** Everything Sigfox serves over HTTP, each part in its own context (content parsers, error handler). */
export const sigfoxMount = (hub: HubContext) => async (app: App) => {
  await app.register(sigfoxReceiver(hub));
};
