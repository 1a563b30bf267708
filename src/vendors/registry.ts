import type { HubContext } from '../api/context.ts';
import type { App } from '../api/server.ts';
import { connectorRegistry } from '../ingest/registry.ts';
import { osmandMount } from '../receivers/osmand/mount.ts';
import { owntracksMount } from '../receivers/owntracks/routes.ts';
import { spotConnector } from './spot/connector.ts';
import { spotMount } from './spot/mount.ts';
import { sigfoxConnector } from './sigfox/connector/connector.ts';
import { sigfoxMount } from './sigfox/mount.ts';
import { mixVendor } from './mix/index.ts';

/**
 * What each vendor and receiver adds to the hub, one line per vendor (DESIGN.md §2: adding a vendor adds its
 * folder, a line here and a docs page).
 */

/** Pull connectors. A pull source whose vendor is not listed cannot be created. */
export const connectors = connectorRegistry([spotConnector, sigfoxConnector, mixVendor.connector]);

/**
 * Routes outside the native API: push receivers and vendor facades, each under its own prefix (e.g.
 * `/compat/spot`, `/ingest/osmand`) with its own authentication, error handler and presenters.
 */
export interface HttpMount {
  name: string;
  routes: (hub: HubContext) => (app: App) => Promise<void>;
}

export const httpMounts: HttpMount[] = [
  { name: 'sigfox', routes: sigfoxMount },
  { name: 'osmand', routes: osmandMount },
  { name: 'owntracks', routes: owntracksMount },
  { name: 'spot', routes: spotMount },
  { name: mixVendor.name, routes: mixVendor.mount },
];
