import { mixConnector } from './connector/connector.ts';
import { startFakeMixCloud } from './fake-cloud/fake-mix-cloud.ts';
import { mixMount } from './mount.ts';

/**
 * MiX Telematics (document 003): trips pulled from a MiX account with `GET /trips/:since`, and the same call
 * served by Trackway under `/compat/mix`. Its own table (imported trips) is in storage/. `fakeCloud` starts a MiX
 * cloud on loopback that drives a fleet, for tests and demos.
 */
export const mixVendor = {
  name: 'mix',
  connector: mixConnector,
  mount: mixMount,
  fakeCloud: startFakeMixCloud,
};
