import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/app.ts';
import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { spotConnector } from './connector/connector.ts';
import { SPOT_VENDOR } from './connector/to-records.ts';
import { spotFeedAdminRoutes } from './facade/manage-routes.ts';
import { spotFeedRoutes } from './facade/routes.ts';
import { SPOT_OPENAPI_EXAMPLES } from './openapi-examples.ts';
import { PUSH_PREFIX, SPOT_PUSH_TARGET, spotPushRoutes } from './receiver/routes.ts';
import { spotSandbox } from './fake-cloud/sandbox.ts';
import { spotStorage } from './storage/index.ts';

/**
 * Globalstar SPOT (document 000): feeds pulled by the connector, pushes received under `/ingest/spot`, the feed
 * API served under `/compat/spot`, and the feeds Trackway publishes managed in the native API (kept in SPOT's own tables).
 */
export const spotVendor: VendorDescriptor = {
  securitySchemes: {
    spotFeedPassword: {
      type: 'apiKey',
      in: 'query',
      name: 'feedPassword',
      description: "A private feed's password, as SPOT's feed API takes it (document 000)",
    },
  },
  openapiExamples: SPOT_OPENAPI_EXAMPLES,
  name: SPOT_VENDOR,
  connector: spotConnector,
  pushTarget: SPOT_PUSH_TARGET,
  storage: spotStorage,
  routes: (hub: HubContext) => async (app: App) => {
    await app.register(spotFeedRoutes(hub), { prefix: '/compat/spot' });
    await app.register(spotFeedAdminRoutes(hub));
    await app.register(spotPushRoutes(hub), { prefix: PUSH_PREFIX });
  },
  sandbox: spotSandbox,
  // A hiker and an expedition truck whose feed holds an SOS.
  demo: (hub) => demoPullingFrom(SPOT_VENDOR, spotSandbox, hub),
};
