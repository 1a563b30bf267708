import { mixConnector } from './connector/connector.ts';
import { mixMount } from './mount.ts';

/**
 * MiX Telematics (document 003): trips pulled from a MiX account with `GET /trips/:since`, and the same call
 * served by Trackway under `/compat/mix`. Its own table (imported trips) is in storage/.
 */
export const mixVendor = { name: 'mix', connector: mixConnector, mount: mixMount };
