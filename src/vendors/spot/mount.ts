import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { spotFeedAdminRoutes } from './facade/manage-routes.ts';
import { spotFeedRoutes, type FacadeOptions } from './facade/routes.ts';
import { PUSH_PREFIX, spotPushRoutes } from './push/routes.ts';

/**
 * Everything SPOT serves over HTTP: the feed API under `/compat/spot`, feed management in the native API, and
 * the push receiver under `/ingest/spot`.
 */
export const spotMount =
  (hub: HubContext, options: FacadeOptions = {}) =>
  async (app: App) => {
    await app.register(spotFeedRoutes(hub, options), { prefix: '/compat/spot' });
    await app.register(spotFeedAdminRoutes(hub));
    await app.register(spotPushRoutes(hub), { prefix: PUSH_PREFIX });
  };
