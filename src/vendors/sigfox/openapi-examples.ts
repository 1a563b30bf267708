import type { ExamplesByOperation } from '../../api/openapi/examples.ts';

// Examples of the Sigfox operations in the OpenAPI document, in the shapes of document 004 as the facade
// presents them (facade/presenters.ts); the OpenAPI test validates each against its schema.

const device = {
  id: '2C30EA',
  name: 'Pallet tracker 12',
  type: '2',
  last: 1741079700000,
  averageSignal: 14.2,
  averageSnr: 14.2,
  averageRssi: -118.5,
  state: 0,
  activationTime: 1740816000000,
  pac: '5C0E2E7A1F3B4D60',
  tokenType: 'CONTRACT',
  contractId: 'contract-7',
  tokenEnd: 1772352000000,
};
const token = { tokenType: 'CONTRACT', contractId: 'contract-7', tokenEnd: 1772352000000 };
const deviceType = {
  id: '2',
  name: 'Pallet trackers',
  group: '1',
  description: "Sens'it pallets",
  keepAlive: 86400,
  payloadType: 'Custom',
  payloadConfig: 'temperature::int:16:little-endian',
  downlinkMode: 0,
  downlinkDataString: 'deadbeefcafebabe',
};
const message = {
  device: '2C30EA',
  time: 1741079700,
  data: '0a1b2c3d',
  snr: '14.2',
  linkQuality: 'GOOD',
  seqNumber: 1412,
  rinfos: [{ tap: '1A2B', snr: '14.2', rssi: '-118.50' }],
};
const missingCallback = { message: 'no callback 31 on device type 2' };
const group = {
  id: '1',
  name: 'Acme Logistics',
  nameCI: 'acme logistics',
  description: '',
  path: [],
  billable: false,
};
const callback = {
  id: '31',
  channel: 'URL',
  callbackType: 0,
  callbackSubtype: 2,
  enabled: true,
  sendDuplicate: false,
  dead: false,
  downlinkHook: false,
  urlPattern: 'https://example.com/sigfox?device={device}&data={data}',
  httpMethod: 'GET',
};
const statusEvent = {
  deviceId: '2C30EA',
  time: 1741166100000,
  message: 'Device has not sent any message since 86400 s',
  severity: 'ERROR',
  deviceTypeId: '2',
  callbacks: [],
};
const page = <T>(data: T[]) => ({ data });

export const SIGFOX_OPENAPI_EXAMPLES: ExamplesByOperation = {
  // The answer to a BIDIR callback: the downlink frame by device id.
  getIngestSigfoxBySourceId: { response: { '2C30EA': { downlinkData: 'deadbeefcafebabe' } } },
  postIngestSigfoxBySourceId: { response: { '2C30EA': { downlinkData: 'deadbeefcafebabe' } } },
  putIngestSigfoxBySourceId: { response: { '2C30EA': { downlinkData: 'deadbeefcafebabe' } } },
  postCompatSigfoxCredentials: {
    request: { groupId: 1 },
    response: { groupId: 1, login: '5f3a9c1e2b7d4e60a8c1f2d3', password: 'b7e41c9a0d2f4e8b9c3a1f6e5d7c2b08' },
  },
  getCompatSigfoxApiDevicetypes: { response: page([deviceType]) },
  getCompatSigfoxApiDevicetypesGeolocsConfig: { response: [] },
  getCompatSigfoxApiDevicetypesById: { response: deviceType },
  postCompatSigfoxApiDevicetypesByIdCallbacks: { response: { data: [callback], service: [], error: [] } },
  getCompatSigfoxApiDevicetypesByIdCallbacks: { response: { data: [callback], service: [], error: [] } },
  postCompatSigfoxApiDevicetypesByIdCallbacksNew: { response: ['31'] },
  getCompatSigfoxApiDevicetypesByIdIdPac: { response: page([{ id: '2C30EA', pac: '5C0E2E7A1F3B4D60' }]) },
  getCompatSigfoxApiDevicetypesByIdDevices: {
    response: {
      data: [device],
      paging: { next: 'https://hub.example.com/compat/sigfox/api/devicetypes/2/devices?limit=1&offset=1' },
    },
  },
  getCompatSigfoxApiDevicetypesByIdMessages: { response: page([message]) },
  getCompatSigfoxApiDevicetypesByIdStatusError: { response: page([statusEvent]) },
  getCompatSigfoxApiDevicetypesByIdStatusWarn: { response: page([]) },
  getCompatSigfoxApiDevicesById: { response: device },
  getCompatSigfoxApiDevicesByIdTokenState: { response: { code: 0, detailMessage: 'Ok', ...token } },
  getCompatSigfoxApiDevicesByIdMessages: { response: page([message]) },
  getCompatSigfoxApiDevicesByIdLocations: {
    response: page([{ time: 1741079700, valid: true, lat: 43.5417, lng: 1.5123, radius: 2500 }]),
  },
  getCompatSigfoxApiDevicesByIdStatusError: { response: page([statusEvent]) },
  getCompatSigfoxApiDevicesByIdStatusWarn: { response: page([]) },
  getCompatSigfoxApiDevicesByIdNetworkstate: { response: { networkStatus: 'OK' } },
  getCompatSigfoxApiDevicesByIdMessagesMetric: { response: { lastDay: 24, lastWeek: 168, lastMonth: 702 } },
  getCompatSigfoxApiDeviceByIdConsumptionsByYear: {
    response: {
      consumption: {
        id: '2C30EA_2025',
        consumptions: [
          { frameCount: 24, downlinkFrameCount: 1 },
          { frameCount: 23, downlinkFrameCount: 0 },
        ],
      },
    },
  },
  getCompatSigfoxApiGroups: { response: page([group]) },
  getCompatSigfoxApiGroupsById: { response: group },
  getCompatSigfoxApiGeolocConfigList: { response: [] },
  getCompatSigfoxApiCallbacksMessagesError: {
    response: page([
      {
        device: '2C30EA',
        deviceType: '2',
        time: 1741079700000,
        data: '0a1b2c3d',
        status: 503,
        message: 'Service Unavailable',
        callback: { url: 'https://example.com/sigfox?device=2C30EA&data=0a1b2c3d', method: 'GET' },
        parameters: { device: '2C30EA', time: 1741079700, data: '0a1b2c3d', seqNumber: 1412 },
      },
    ]),
  },
  getCompatSigfoxApiCoveragesRedundancy: { response: { redundancy: 2 } },
  getCompatSigfoxApiUsers: {
    response: page([
      {
        firstName: 'dispatch dashboard',
        lastName: '',
        email: '',
        timezone: 'UTC',
        creationTime: 1740816000000,
        creationDate: 'Sat, 01 Mar 2025 08:00:00 GMT',
        userRoles: [{ group, customRole: { id: 'manager', name: 'MANAGER' } }],
      },
    ]),
  },
  // The answers without a body: their refusals, in the facade's `{"message"}`.
  postCompatSigfoxApiDevicetypesEdit: {
    answers: { '400': { message: 'downlinkMode: must be 0 (direct) or 1 (callback)' } },
  },
  postCompatSigfoxApiDevicetypesByIdCallbacksByCbDelete: { answers: { '404': missingCallback } },
  postCompatSigfoxApiDevicetypesByIdCallbacksByCbEnable: {
    answers: { '400': { message: 'enabled: must be true or false' }, '404': missingCallback },
  },
  postCompatSigfoxApiDevicetypesByIdCallbacksByCbDownlink: {
    answers: { '400': { message: 'only a URL callback of type DATA BIDIR can answer downlinks' } },
  },
  getCompatSigfoxApiDevicetypesByIdDisengage: { answers: { '404': { message: 'no device type 7' } } },
};
