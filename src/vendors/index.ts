import { followanalyticsVendor } from './followanalytics/index.ts';
import { gps365Vendor } from './gps365/index.ts';
import { mixVendor } from './mix/index.ts';
import { osmandVendor } from './osmand/index.ts';
import { owntracksVendor } from './owntracks/index.ts';
import { sigfoxVendor } from './sigfox/index.ts';
import { spotVendor } from './spot/index.ts';
import type { VendorDescriptor } from './vendor.ts';

/** The vendors and push protocols of this build, one line each (docs/contributing.md: adding a vendor). */
export const vendors: readonly VendorDescriptor[] = [
  sigfoxVendor,
  osmandVendor,
  owntracksVendor,
  spotVendor,
  followanalyticsVendor,
  gps365Vendor,
  mixVendor,
];
