import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { followanalyticsConnector } from './connector/connector.ts';
import { followanalyticsSandbox } from './fake-cloud/sandbox.ts';
import { followanalyticsMount } from './facade/mount.ts';
import { FOLLOWANALYTICS_VENDOR } from './wire.ts';

/** FollowAnalytics: app locations and places pulled from the vendor, and its API served under `/compat/followapps`. */
export const followanalyticsVendor: VendorDescriptor = {
  name: FOLLOWANALYTICS_VENDOR,
  openapiExamples: {
    postCompatFollowappsApiLocations: {
      request: {
        name: 'North depot',
        details: 'Gate 3',
        latitude: 48.1791,
        longitude: 11.5925,
        labels: ['depot'],
      },
    },
    putCompatFollowappsApiLocationsByIdentifier: {
      request: { name: 'North depot', labels: ['depot', 'fuel'] },
    },
  },
  connector: followanalyticsConnector,
  routes: followanalyticsMount,
  sandbox: followanalyticsSandbox,
  demo: (hub) => demoPullingFrom(FOLLOWANALYTICS_VENDOR, followanalyticsSandbox, hub),
};
