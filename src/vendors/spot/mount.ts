import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { spotFeedAdminRoutes } from './facade/manage-routes.ts';
import { spotFeedRoutes, type FacadeOptions } from './facade/routes.ts';

/** Everything SPOT serves over HTTP: the feed API under `/compat/spot`, and feed management in the native API. */
export const spotMount =
  (hub: HubContext, options: FacadeOptions = {}) =>
  async (app: App) => {
    await app.register(spotFeedRoutes(hub, options), { prefix: '/compat/spot' });
    await app.register(spotFeedAdminRoutes(hub));
  };
