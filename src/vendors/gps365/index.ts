import { demoPullingFrom } from '../sandbox-demo.ts';
import type { VendorDescriptor } from '../vendor.ts';
import { gps365Connector } from './connector/connector.ts';
import { GPS365_VENDOR } from './coordinate.ts';
import { gps365Sandbox } from './fake-cloud/sandbox.ts';
import { gps365Mount } from './mount.ts';
import { GPS365_OPENAPI_EXAMPLES } from './openapi-examples.ts';

/** GPS365 (document 002): a pull connector per account and its Coordinates API served by Trackway. */
export const gps365Vendor: VendorDescriptor = {
  name: GPS365_VENDOR,
  openapiExamples: GPS365_OPENAPI_EXAMPLES,
  connector: gps365Connector,
  routes: gps365Mount,
  sandbox: gps365Sandbox,
  demo: (hub) => demoPullingFrom(GPS365_VENDOR, gps365Sandbox, hub),
};

export { startFakeGps365, type FakeGps365, type FakeGps365Options } from './fake-cloud/fake-cloud.ts';
