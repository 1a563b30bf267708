import type { VendorDescriptor } from '../vendor.ts';
import { owntracksDemo } from './fake-cloud/demo.ts';
import { startOwntracksMqtt } from './receiver/mqtt.ts';
import { OWNTRACKS_VENDOR } from './receiver/parse-message.ts';
import { owntracksRoutes } from './receiver/routes.ts';

/** OwnTracks: HTTP mode under `/ingest/owntracks`, and MQTT mode when a broker is configured. */
export const owntracksVendor: VendorDescriptor = {
  name: OWNTRACKS_VENDOR,
  pushTarget: { vendor: OWNTRACKS_VENDOR, kinds: ['push'] },
  // HTTP mode answers with messages for the phone; the receiver has none to send.
  openapiExamples: { postIngestOwntracks: { response: [] } },
  routes: owntracksRoutes,
  services: async (hub, logger) => {
    const settings = hub.config.owntracksMqtt;
    if (!settings) return [];
    const subscriber = await startOwntracksMqtt(hub, logger, settings);
    return [
      {
        name: 'OwnTracks MQTT subscriber',
        connected: () => subscriber.connected(),
        stop: () => subscriber.stop(),
      },
    ];
  },
  demo: owntracksDemo,
};
