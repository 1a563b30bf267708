import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { gps365Connector } from './connector/connector.ts';
import { GPS365_VENDOR } from './coordinate.ts';
import { gps365Sandbox } from './fake-cloud/sandbox.ts';
import { gps365Mount } from './mount.ts';

/** GPS365 (document 002): a pull connector per account and its Coordinates API served by Trackway. */
export const gps365Vendor: VendorDescriptor = {
  name: GPS365_VENDOR,
  // The document's form bodies, with a Trackway API token as api_token.
  openapiExamples: {
    postCompatGps365ApiTrackersList: { request: { api_token: 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30' } },
    postCompatGps365ApiCoordinatesLive: {
      request: { api_token: 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30', trackers: [100, 101] },
    },
    postCompatGps365ApiCoordinatesList: {
      request: {
        api_token: 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30',
        trackers: { '100': '2025-03-04 00:00:00' },
      },
    },
    postCompatGps365ApiCoordinatesHistoric: {
      request: {
        api_token: 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30',
        trackers: [100],
        start_date: '2025-03-01 00:00:00',
        end_date: '2025-03-04 00:00:00',
        page: 1,
      },
    },
  },
  connector: gps365Connector,
  routes: gps365Mount,
  sandbox: gps365Sandbox,
  demo: (hub) => demoPullingFrom(GPS365_VENDOR, gps365Sandbox, hub),
};

export { startFakeGps365, type FakeGps365, type FakeGps365Options } from './fake-cloud/fake-cloud.ts';
