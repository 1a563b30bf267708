import type { VendorDescriptor } from '../../src/vendors/vendor.ts';
import { ACME, acmeConnector } from './connector/connector.ts';
import { acmeFacade } from './facade/routes.ts';
import { ACME_PUSH, acmeReceiver } from './receiver/routes.ts';
import { acmeStorage } from './storage/index.ts';

/**
 * A small vendor for the tests, shaped like every vendor folder (docs/contributing.md): a connector, a push
 * receiver, a facade and a table of its own, declared by this one descriptor.
 */
export const acmeVendor: VendorDescriptor = {
  name: ACME,
  connector: acmeConnector,
  pushTarget: ACME_PUSH,
  storage: acmeStorage,
  routes: (hub) => async (app) => {
    await app.register(acmeReceiver(hub), { prefix: '/ingest/acme' });
    await app.register(acmeFacade(hub), { prefix: '/compat/acme' });
  },
};
