import type { ExamplesByOperation } from './examples.ts';

// One small fleet, told the same way in every example: group 1 "Acme Logistics", device 42 "Truck 7" seen by a
// SPOT tracker, and what the hub made of its messages. The OpenAPI test validates each against its schema.

const CREATED = '2025-03-01T08:00:00.000Z';
const FIX = '2025-03-04T09:15:00.000Z';
const RECEIVED = '2025-03-04T09:15:04.000Z';

const group = {
  id: 1,
  parentId: null,
  name: 'Acme Logistics',
  path: '1',
  unknownDevices: 'create',
  retentionDays: 365,
  attributes: {},
  createdAt: CREATED,
};
const token = {
  id: 3,
  groupId: 1,
  role: 'manager',
  name: 'dispatch dashboard',
  prefix: 'tw_9f2c',
  createdAt: CREATED,
  lastUsedAt: RECEIVED,
  revokedAt: null,
};
const user = {
  id: 5,
  groupId: 1,
  login: 'dana',
  name: 'Dana Ortiz',
  role: 'manager',
  createdAt: CREATED,
  disabledAt: null,
};
const deviceType = {
  id: 2,
  groupId: 1,
  name: 'SPOT Trace',
  description: 'Satellite trackers on the trailers',
  keepAlive: 86400,
  payloadType: 'none',
  payloadConfig: null,
  downlinkMode: null,
  downlinkData: null,
  alertEmail: null,
  attributes: {},
  createdAt: CREATED,
};
const position = {
  id: 1001,
  deviceId: 42,
  messageId: 2001,
  fixTime: FIX,
  receivedTime: RECEIVED,
  lat: 48.137154,
  lon: 11.576124,
  valid: true,
  accuracy: 8,
  altitude: 519,
  speed: 54.2,
  course: 270,
  hdop: null,
  vdop: null,
  pdop: null,
  satellites: null,
  odometer: null,
  ignition: true,
  motion: true,
  inputs: null,
  outputs: null,
  analogs: null,
  temperatures: null,
  power: 12.6,
  attributes: {},
};
const message = {
  id: 2001,
  deviceId: 42,
  sourceId: 4,
  sourceMessageId: '1877012345',
  deviceTime: FIX,
  receivedTime: RECEIVED,
  messageType: 'TRACK',
  payload: null,
  payloadEncoding: null,
  radio: {},
  decoded: null,
  duplicate: false,
  attributes: { batteryState: 'GOOD' },
  positionId: 1001,
};
const event = {
  id: 3001,
  deviceId: 42,
  groupId: 1,
  type: 'trip-start',
  time: FIX,
  key: null,
  positionId: 1001,
  messageId: 2001,
  attributes: {},
  createdAt: RECEIVED,
};
const device = {
  id: 42,
  groupId: 1,
  typeId: 2,
  name: 'Truck 7',
  state: 'ok',
  externalIds: [{ vendor: 'spot', externalId: '0-2456789' }],
  lastSeen: RECEIVED,
  linkStats: {},
  attributes: { plate: 'M-AC 1007' },
  createdAt: CREATED,
  latestPosition: position,
};
const source = {
  id: 4,
  groupId: 1,
  vendor: 'spot',
  kind: 'pull',
  name: 'Trailer feed',
  settings: { feedId: '0onlLopfoM4bG5jXvWRE8H0Obd0oMxMBq' },
  unknownDevices: 'create',
  enabled: true,
  status: 'idle',
  lastError: null,
  lastErrorAt: null,
  lastSuccessAt: RECEIVED,
  lastRequestAt: RECEIVED,
  nextRunAt: '2025-03-04T09:17:30.000Z',
  failures: 0,
  leaseOwner: null,
  leaseUntil: null,
  createdAt: CREATED,
};
const secret = {
  id: 6,
  sourceId: 9,
  externalId: 'phone-dana',
  name: "Dana's phone",
  prefix: 'rs_41d0',
  createdAt: CREATED,
  revokedAt: null,
};
const place = {
  id: 12,
  groupId: 1,
  identifier: 'depot-north',
  name: 'North depot',
  details: 'Gate 3',
  labels: ['depot'],
  latitude: 48.1791,
  longitude: 11.5925,
  radius: 150,
  polygon: null,
  archived: false,
  archivedAt: null,
  createdAt: CREATED,
  updatedAt: CREATED,
};
const webhook = {
  id: 8,
  groupId: 1,
  deviceTypeId: null,
  name: 'Dispatch alarms',
  url: 'https://dispatch.example.com/trackway',
  eventTypes: ['sos', 'place-enter'],
  deviceIds: null,
  headers: {},
  bodyTemplate: null,
  maxAttempts: 8,
  enabled: true,
  dead: false,
  createdAt: CREATED,
};
const delivery = {
  id: 77,
  status: 'delivered',
  attempts: 1,
  nextAttemptAt: null,
  lastStatus: 200,
  lastReason: null,
  eventType: 'place-enter',
  eventId: 3002,
  body: '{"type":"place-enter","deviceId":42}',
  createdAt: RECEIVED,
  deliveredAt: RECEIVED,
};
const session = { role: 'manager', group, user, token: null };
// The report rows as src/formats/export/trip-record.ts and src/api/routes/reports.ts make them.
const trip = {
  deviceId: 42,
  startTime: '2025-03-04T07:02:00.000Z',
  endTime: FIX,
  startLatitude: 48.3538,
  startLongitude: 11.7861,
  endLatitude: 48.137154,
  endLongitude: 11.576124,
  distance: 84300,
  durationSeconds: 7980,
  maxSpeed: 96,
  avgSpeed: 38,
  overspeedCount: 0,
  harshAccelerationCount: 1,
  harshBrakingCount: 0,
  maxAcceleration: 3.12,
  maxBraking: null,
  startOdometer: 182004300,
  endOdometer: 182088600,
  open: false,
};

export const NATIVE_EXAMPLES: ExamplesByOperation = {
  getHealth: { response: { status: 'ok', storage: 'sqlite' } },
  getMetrics: {
    response:
      '# HELP trackway_ingest_records_total Records taken in, by outcome\n' +
      '# TYPE trackway_ingest_records_total counter\n' +
      'trackway_ingest_records_total{outcome="accepted"} 1284\n',
  },
  getGroups: { response: { items: [group] } },
  postGroups: {
    request: { name: 'Acme Logistics', unknownDevices: 'create', retentionDays: 365 },
    response: group,
  },
  getGroupsById: { response: group },
  patchGroupsById: { request: { retentionDays: 365 }, response: group },
  getTokens: { response: { items: [token] } },
  postTokens: {
    request: { name: 'dispatch dashboard', role: 'manager' },
    response: { ...token, lastUsedAt: null, token: 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30' },
  },
  getMe: { response: { token, group } },
  postSession: { request: { login: 'dana', password: 'correct horse battery' }, response: session },
  getSession: { response: session },
  postSessionLink: {
    response: { url: 'https://trackway.example.com/api/v1/session/link?code=5kq2x8', expiresAt: RECEIVED },
  },
  putSessionPassword: {
    request: { currentPassword: 'correct horse battery', newPassword: 'staple gun 2025 kite' },
  },
  getUsers: { response: { items: [user] } },
  postUsers: {
    request: { login: 'dana', name: 'Dana Ortiz', role: 'manager', password: 'correct horse battery' },
    response: user,
  },
  patchUsersById: { request: { role: 'viewer' }, response: { ...user, role: 'viewer' } },
  getDeviceTypes: { response: { items: [deviceType] } },
  postDeviceTypes: {
    request: { name: 'SPOT Trace', keepAlive: 86400, payloadType: 'none' },
    response: deviceType,
  },
  getDeviceTypesById: { response: deviceType },
  getDevices: { response: { items: [device], next: null } },
  postDevices: {
    request: {
      name: 'Truck 7',
      typeId: 2,
      externalIds: [{ vendor: 'spot', externalId: '0-2456789' }],
      attributes: { plate: 'M-AC 1007' },
    },
    response: { ...device, lastSeen: null, latestPosition: null },
  },
  getDevicesById: { response: device },
  patchDevicesById: {
    request: { name: 'Truck 7 (north)' },
    response: { ...device, name: 'Truck 7 (north)' },
  },
  getDevicesByIdPositions: { response: { items: [position], next: 'eyJpZCI6MTAwMX0' } },
  getDevicesByIdMessages: { response: { items: [message], next: null } },
  getEvents: { response: { items: [event], next: null } },
  getPlacesImportTemplate: { response: 'identifier,name,details,labels,latitude,longitude,radius\n' },
  getPlacesExport: {
    response:
      'identifier,name,details,labels,latitude,longitude,radius\n' +
      'depot-north,North depot,Gate 3,depot,48.1791,11.5925,150\n',
  },
  postPlacesImport: {
    response: {
      encoding: 'utf-8',
      created: 1,
      failed: 1,
      rows: [
        { row: 2, status: 'created', identifier: 'depot-north' },
        { row: 3, status: 'failed', error: 'latitude: not a number' },
      ],
    },
  },
  getPlaces: { response: { items: [place], next: null } },
  postPlaces: {
    request: {
      identifier: 'depot-north',
      name: 'North depot',
      details: 'Gate 3',
      labels: ['depot'],
      latitude: 48.1791,
      longitude: 11.5925,
      radius: 150,
    },
    response: place,
  },
  getPlacesByIdentifier: { response: place },
  putPlacesByIdentifier: { request: { name: 'North depot', labels: ['depot', 'fuel'] }, response: place },
  putPlacesByIdentifierArchive: {
    response: { ...place, archived: true, archivedAt: RECEIVED, updatedAt: RECEIVED },
  },
  putPlacesByIdentifierRestore: { response: place },
  getReportsTrips: { response: { items: [trip] } },
  getReportsStops: {
    response: {
      items: [
        {
          deviceId: 42,
          startTime: FIX,
          endTime: '2025-03-04T10:05:00.000Z',
          latitude: 48.1791,
          longitude: 11.5925,
          durationSeconds: 3000,
          placeId: 12,
          open: false,
        },
      ],
    },
  },
  getReportsSummary: {
    response: {
      items: [
        {
          deviceId: 42,
          day: '2025-03-04',
          distance: 212800,
          drivingSeconds: 11520,
          idleSeconds: 1260,
          maxSpeed: 96,
          trips: 3,
        },
      ],
    },
  },
  getReportsPlaceVisits: {
    response: {
      items: [
        {
          deviceId: 42,
          placeId: 12,
          placeName: 'North depot',
          enterTime: FIX,
          exitTime: '2025-03-04T10:05:00.000Z',
          durationSeconds: 3000,
        },
      ],
    },
  },
  getSync: {
    response: {
      records: [
        { kind: 'message', message },
        { kind: 'position', position },
        { kind: 'event', event },
      ],
      next: 'eyJzZXEiOjMwMDF9',
      more: false,
    },
  },
  getSources: { response: { items: [source] } },
  postSources: {
    request: {
      vendor: 'spot',
      kind: 'pull',
      name: 'Trailer feed',
      settings: { feedId: '0onlLopfoM4bG5jXvWRE8H0Obd0oMxMBq' },
    },
    response: { ...source, lastSuccessAt: null, lastRequestAt: null },
  },
  getSourcesById: { response: source },
  patchSourcesById: {
    request: { enabled: false },
    response: { ...source, enabled: false, status: 'disabled' },
  },
  postSourcesByIdSecrets: {
    request: { name: "Dana's phone", externalId: 'phone-dana' },
    response: { ...secret, secret: 'rs_41d07c2e9b5a8f1d3e6c0b4a7f29d8e1' },
  },
  getSourcesByIdSecrets: { response: { items: [secret] } },
  postImport: {
    response: {
      accepted: 1280,
      merged: 2,
      duplicate: 14,
      rejected: 1,
      skipped: 0,
      placesCreated: 3,
      placesExisting: 0,
      problems: ['line 912: lat out of range'],
      error: null,
    },
  },
  getStream: {
    response: `event: position\nid: 1001\ndata: ${JSON.stringify(position)}\n\n`,
  },
  postIngest: {
    request: [
      {
        vendor: 'acme',
        externalId: 'truck-7',
        fixTime: FIX,
        lat: 48.137154,
        lon: 11.576124,
        speed: 54.2,
        ignition: true,
        events: [{ type: 'trip-start' }],
      },
    ],
    response: { accepted: 1, merged: 0, duplicate: 0, rejected: 0, errors: [] },
  },
  getWebhooks: { response: { items: [webhook] } },
  postWebhooks: {
    request: {
      name: 'Dispatch alarms',
      url: 'https://dispatch.example.com/trackway',
      eventTypes: ['sos', 'place-enter'],
    },
    response: { ...webhook, secret: 'whsec_3b8e1f0c7d2a4e69' },
  },
  getWebhooksById: { response: webhook },
  patchWebhooksById: { request: { enabled: false }, response: { ...webhook, enabled: false } },
  getWebhooksByIdDeliveries: { response: { items: [delivery] } },
  postWebhooksByIdTest: {
    response: {
      ...delivery,
      status: 'pending',
      attempts: 0,
      lastStatus: null,
      eventType: null,
      eventId: null,
      deliveredAt: null,
    },
  },
};
