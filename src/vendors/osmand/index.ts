import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/app.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { osmandDemo } from './fake-cloud/demo.ts';
import { startOsmandListener } from './receiver/listener.ts';
import { OSMAND_VENDOR } from './receiver/parse-params.ts';
import { OSMAND_PREFIX, osmandReceiver } from './receiver/routes.ts';

/**
 * The OsmAnd protocol (Traccar Client and the trackers that speak it): under `/ingest/osmand` on the hub's port,
 * and on a port of its own (5055 is the apps' default) when `--osmand-port` is set.
 */
export const osmandVendor: VendorDescriptor = {
  name: OSMAND_VENDOR,
  pushTarget: { vendor: OSMAND_VENDOR, kinds: ['push'] },
  // Committed: 200 with an empty body, which is all the apps look at.
  openapiExamples: { getIngestOsmand: { response: '' }, postIngestOsmand: { response: '' } },
  routes: (hub: HubContext) => async (app: App) => {
    await app.register(osmandReceiver(hub, { anyPath: false }), { prefix: OSMAND_PREFIX });
  },
  services: async (hub, logger) => {
    const { osmandPort, host } = hub.config;
    if (osmandPort === null) return [];
    const listener = await startOsmandListener(hub, logger, host, osmandPort);
    return [{ name: 'OsmAnd receiver', url: listener.url, stop: () => listener.stop() }];
  },
  demo: osmandDemo,
};
