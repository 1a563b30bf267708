import type { Place, StoredStop, StoredTrip } from '../../model/derived.ts';
import type {
  Credential,
  Device,
  DeviceType,
  Group,
  Source,
  StoredEvent,
  StoredMessage,
  StoredPosition,
} from '../../model/records.ts';
import type { OutgoingCallback } from '../callbacks.ts';
import type { Delivery } from '../deliveries.ts';
import type { ReceiverSecret } from '../receiver-secrets.ts';
import {
  bool,
  boolOrNull,
  defineTable,
  float,
  floatOrNull,
  int,
  intOrNull,
  json,
  oneOf,
  oneOfOrNull,
  text,
  textOrNull,
} from './columns.ts';

/** The column tables of the core entities, the same in both databases (their migrations make them so). */

export const GROUPS = defineTable<Group>('groups', {
  id: int,
  parentId: intOrNull,
  name: text,
  path: text,
  unknownDevices: oneOf<Group['unknownDevices']>(),
  retentionDays: intOrNull,
  attributes: json<Record<string, unknown>>({}),
  createdAt: int,
});

export const CREDENTIALS = defineTable<Credential>('credentials', {
  id: int,
  groupId: int,
  userId: intOrNull,
  role: oneOf<Credential['role']>(),
  kind: oneOf<Credential['kind']>(),
  name: text,
  prefix: text,
  createdAt: int,
  lastUsedAt: intOrNull,
  revokedAt: intOrNull,
});

export const DEVICE_TYPES = defineTable<DeviceType>('device_types', {
  id: int,
  groupId: int,
  name: text,
  description: text,
  keepAlive: int,
  payloadType: oneOf<DeviceType['payloadType']>(),
  payloadConfig: textOrNull,
  downlinkMode: textOrNull,
  downlinkData: textOrNull,
  alertEmail: textOrNull,
  attributes: json<Record<string, unknown>>({}),
  createdAt: int,
});

/** A device's own columns; its external ids and latest position come from other tables. */
export type DeviceColumns = Omit<Device, 'externalIds' | 'latestPosition'>;

export const DEVICES = defineTable<DeviceColumns>('devices', {
  id: int,
  groupId: int,
  typeId: intOrNull,
  name: text,
  state: oneOf<Device['state']>(),
  lastSeen: intOrNull,
  linkStats: json<Record<string, unknown>>({}),
  attributes: json<Record<string, unknown>>({}),
  createdAt: int,
});

export const SOURCES = defineTable<Source>('sources', {
  id: int,
  groupId: int,
  vendor: text,
  kind: oneOf<Source['kind']>(),
  name: text,
  settings: json<Record<string, unknown>>({}),
  unknownDevices: oneOf<Source['unknownDevices']>(),
  enabled: bool(false),
  status: oneOf<Source['status']>(),
  cursor: textOrNull,
  lastError: textOrNull,
  lastErrorAt: intOrNull,
  lastSuccessAt: intOrNull,
  lastRequestAt: intOrNull,
  nextRunAt: intOrNull,
  failures: int,
  leaseOwner: textOrNull,
  leaseUntil: intOrNull,
  createdAt: int,
});

export const POSITIONS = defineTable<StoredPosition>('positions', {
  id: int,
  deviceId: int,
  messageId: intOrNull,
  fixTime: int,
  receivedTime: int,
  lat: float,
  lon: float,
  valid: bool(true),
  accuracy: floatOrNull,
  altitude: floatOrNull,
  speed: floatOrNull,
  course: floatOrNull,
  hdop: floatOrNull,
  vdop: floatOrNull,
  pdop: floatOrNull,
  satellites: intOrNull,
  odometer: floatOrNull,
  ignition: boolOrNull,
  motion: boolOrNull,
  inputs: intOrNull,
  outputs: intOrNull,
  analogs: json<Record<string, number> | null>(null),
  temperatures: json<Record<string, number> | null>(null),
  power: floatOrNull,
  attributes: json<Record<string, unknown>>({}),
});

export const MESSAGES = defineTable<StoredMessage>('messages', {
  id: int,
  deviceId: int,
  sourceId: intOrNull,
  sourceMessageId: textOrNull,
  deviceTime: int,
  receivedTime: int,
  messageType: textOrNull,
  payload: textOrNull,
  payloadEncoding: oneOfOrNull<'hex' | 'text'>(),
  radio: json<StoredMessage['radio']>({}),
  decoded: json<Record<string, unknown> | null>(null),
  duplicate: bool(false),
  attributes: json<Record<string, unknown>>({}),
  positionId: intOrNull,
});

export const EVENTS = defineTable<StoredEvent>('events', {
  id: int,
  deviceId: intOrNull,
  groupId: int,
  type: oneOf<StoredEvent['type']>(),
  time: ['event_time', int],
  key: ['event_key', textOrNull],
  positionId: intOrNull,
  messageId: intOrNull,
  attributes: json<Record<string, unknown>>({}),
  createdAt: int,
});

/** A trip's columns; `open` and `jumps` travel in its attributes. */
export const TRIPS = defineTable<Omit<StoredTrip, 'open' | 'jumps'>>('trips', {
  id: int,
  deviceId: int,
  startTime: int,
  endTime: int,
  startLat: float,
  startLon: float,
  endLat: float,
  endLon: float,
  distance: float,
  duration: int,
  maxSpeed: float,
  avgSpeed: float,
  overspeedCount: int,
  harshAccelerationCount: int,
  harshBrakingCount: int,
  maxAcceleration: floatOrNull,
  maxBraking: floatOrNull,
  startOdometer: floatOrNull,
  endOdometer: floatOrNull,
});

/** A stop's columns; `open` (and what resumes other machines) travel in its attributes. */
export const STOPS = defineTable<Omit<StoredStop, 'open'>>('stops', {
  id: int,
  deviceId: int,
  startTime: int,
  endTime: int,
  lat: float,
  lon: float,
  duration: int,
  placeId: intOrNull,
});

export const PLACES = defineTable<Place>('places', {
  id: int,
  groupId: int,
  name: text,
  identifier: text,
  details: textOrNull,
  labels: json<string[]>([]),
  lat: float,
  lon: float,
  radius: floatOrNull,
  polygon: json<[number, number][] | null>(null),
  archived: bool(false),
  archivedAt: intOrNull,
  createdAt: int,
  updatedAt: int,
});

export const CALLBACKS = defineTable<OutgoingCallback>('callbacks', {
  id: int,
  groupId: int,
  deviceTypeId: intOrNull,
  channel: oneOf<OutgoingCallback['channel']>(),
  kind: text,
  subtype: textOrNull,
  config: json<Record<string, unknown>>({}),
  enabled: bool(false),
  dead: bool(false),
  createdAt: int,
});

export const DELIVERIES = defineTable<Delivery>('deliveries', {
  id: int,
  callbackId: int,
  deviceId: intOrNull,
  payload: text,
  status: oneOf<Delivery['status']>(),
  attempts: int,
  nextAttemptAt: int,
  lastStatus: intOrNull,
  lastReason: textOrNull,
  claimedBy: textOrNull,
  claimedUntil: intOrNull,
  createdAt: int,
  deliveredAt: intOrNull,
});

export const RECEIVER_SECRETS = defineTable<ReceiverSecret>('receiver_secrets', {
  id: int,
  sourceId: int,
  externalId: textOrNull,
  name: text,
  prefix: text,
  createdAt: int,
  revokedAt: intOrNull,
});
