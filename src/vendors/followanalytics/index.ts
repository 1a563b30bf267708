import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { followanalyticsConnector } from './connector/connector.ts';
import { followanalyticsSandbox } from './fake-cloud/sandbox.ts';
import { followanalyticsMount } from './facade/mount.ts';
import { FOLLOWANALYTICS_OPENAPI_EXAMPLES } from './openapi-examples.ts';
import { FOLLOWANALYTICS_VENDOR } from './wire.ts';

/** FollowAnalytics: app locations and places pulled from the vendor, and its API served under `/compat/followapps`. */
export const followanalyticsVendor: VendorDescriptor = {
  name: FOLLOWANALYTICS_VENDOR,
  openapiExamples: FOLLOWANALYTICS_OPENAPI_EXAMPLES,
  connector: followanalyticsConnector,
  routes: followanalyticsMount,
  sandbox: followanalyticsSandbox,
  demo: (hub) => demoPullingFrom(FOLLOWANALYTICS_VENDOR, followanalyticsSandbox, hub),
};
