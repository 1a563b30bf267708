import type { App } from '../../api/app.ts';
import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { mixConnector } from './connector/connector.ts';
import { mixTripsRoutes } from './facade/routes.ts';
import { mixSandbox } from './fake-cloud/sandbox.ts';
import { dataGapEvents } from './gap-events.ts';
import { importedTrips } from './imported-trips.ts';
import { MIX_OPENAPI_EXAMPLES } from './openapi-examples.ts';
import { mixStorage } from './storage/index.ts';

/**
 * MiX Telematics (document 003): trips pulled from a MiX account with `GET /trips/:since`, and the same call
 * served by Trackway under `/compat/mix`. Its own table (imported trips, storage/) is kept up to date from the
 * trip messages in commit order; after each commit, data-gap events name windows a source could not fetch.
 */
export const mixVendor: VendorDescriptor = {
  securitySchemes: {
    mixAuth: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Auth',
      description: 'A Trackway API token in the X-Auth header, as document 003 asks',
    },
    mixAuthQuery: {
      type: 'apiKey',
      in: 'query',
      name: 'auth',
      description: 'The same token as the auth parameter, for clients that cannot send the header',
    },
  },
  openapiExamples: MIX_OPENAPI_EXAMPLES,
  name: 'mix',
  connector: mixConnector,
  storage: mixStorage,
  afterCommit: (hub) => [importedTrips(hub).afterCommit, dataGapEvents(hub.storage, hub.pipeline)],
  routes: (hub) => async (app: App) => {
    const trips = importedTrips(hub);
    await app.register(mixTripsRoutes(hub, { store: trips.store, importsUpToDate: trips.upToDate }), {
      prefix: '/compat/mix',
    });
  },
  services: async (hub, logger) => {
    const trips = importedTrips(hub);
    trips.onError = (err) => logger.error({ err }, 'MiX imported trips: projection failed; retrying');
    trips.start();
    return [{ name: 'MiX imported trips', stop: () => trips.stop() }];
  },
  sandbox: mixSandbox,
  demo: (hub) => demoPullingFrom('mix', mixSandbox, hub),
};

export { startFakeMixCloud } from './fake-cloud/fake-mix-cloud.ts';
