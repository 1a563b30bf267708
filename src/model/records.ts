/** The data model of DESIGN.md §3 as types. Times are UTC epoch milliseconds; units are metres, km/h, degrees. */

export type Role = 'admin' | 'manager' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'manager', 'viewer'];

export type UnknownDevicePolicy = 'create' | 'reject';

export interface Group {
  id: number;
  parentId: number | null;
  name: string;
  /** Ancestor ids including its own, as `/1/4/9/`: a subtree is every path with this prefix. */
  path: string;
  unknownDevices: UnknownDevicePolicy;
  retentionDays: number | null;
  attributes: Record<string, unknown>;
  createdAt: number;
}

export interface User {
  id: number;
  groupId: number;
  login: string;
  name: string;
  createdAt: number;
}

export interface Credential {
  id: number;
  groupId: number;
  userId: number | null;
  role: Role;
  kind: 'token' | 'password';
  name: string;
  /** The first characters of the secret, to recognise it in a list; the secret itself is only stored hashed. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type PayloadType = 'none' | 'string' | 'custom' | 'geolocation' | 'decoder';

export interface DeviceType {
  id: number;
  groupId: number;
  name: string;
  description: string;
  /** Minutes; 0 = off. */
  keepAlive: number;
  payloadType: PayloadType;
  payloadConfig: string | null;
  downlinkMode: string | null;
  downlinkData: string | null;
  alertEmail: string | null;
  attributes: Record<string, unknown>;
  createdAt: number;
}

export type DeviceState = 'ok' | 'silent' | 'off' | 'disabled' | 'warn';

export interface ExternalId {
  vendor: string;
  externalId: string;
}

export interface Device {
  id: number;
  groupId: number;
  typeId: number | null;
  name: string;
  state: DeviceState;
  externalIds: ExternalId[];
  lastSeen: number | null;
  linkStats: Record<string, unknown>;
  attributes: Record<string, unknown>;
  createdAt: number;
  latestPosition: StoredPosition | null;
}

/** Position fields a record may carry, besides the device reference. */
export interface PositionFields {
  fixTime: number;
  lat: number;
  lon: number;
  valid?: boolean;
  accuracy?: number | null;
  altitude?: number | null;
  speed?: number | null;
  course?: number | null;
  hdop?: number | null;
  vdop?: number | null;
  pdop?: number | null;
  satellites?: number | null;
  odometer?: number | null;
  ignition?: boolean | null;
  motion?: boolean | null;
  inputs?: number | null;
  outputs?: number | null;
  analogs?: Record<string, number> | null;
  temperatures?: Record<string, number> | null;
  power?: number | null;
  attributes?: Record<string, unknown>;
}

export interface StoredPosition extends Required<Omit<PositionFields, 'attributes'>> {
  id: number;
  deviceId: number;
  messageId: number | null;
  receivedTime: number;
  attributes: Record<string, unknown>;
}

export interface RadioMetadata {
  seqNumber?: number | null;
  snr?: number | null;
  rssi?: number | null;
  station?: string | null;
  linkQuality?: string | null;
}

export interface MessageFields {
  deviceTime: number;
  sourceMessageId?: string | null;
  messageType?: string | null;
  /** Raw payload as received: hex for binary radios, text otherwise. */
  payload?: string | null;
  payloadEncoding?: 'hex' | 'text' | null;
  radio?: RadioMetadata | null;
  decoded?: Record<string, unknown> | null;
  duplicate?: boolean;
  attributes?: Record<string, unknown>;
}

export interface StoredMessage {
  id: number;
  deviceId: number;
  sourceId: number | null;
  sourceMessageId: string | null;
  deviceTime: number;
  receivedTime: number;
  messageType: string | null;
  payload: string | null;
  payloadEncoding: 'hex' | 'text' | null;
  radio: RadioMetadata;
  decoded: Record<string, unknown> | null;
  duplicate: boolean;
  attributes: Record<string, unknown>;
  /**
   * The position this message adopted: one stored before it, unlinked, that belongs to it (a Sigfox geolocation
   * sent before its data). Null otherwise; a position names its message by `messageId` in every case.
   */
  positionId: number | null;
}

export const EVENT_TYPES = [
  'sos',
  'sos-cancelled',
  'place-enter',
  'place-exit',
  'device-silent',
  'device-back',
  'overspeed',
  'harsh-acceleration',
  'harsh-braking',
  'trip-start',
  'trip-end',
  'ignition-on',
  'ignition-off',
  'low-battery',
  'decode-error',
  'source-error',
  // A window of a pull source's data that could not be fetched (e.g. MiX keeps only the last hour for `since`).
  'data-gap',
  'callback-dead',
  'event-retracted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventFields {
  type: EventType;
  time: number;
  /** Distinguishes two events of one type at one time on one device (e.g. two places entered at once). */
  key?: string | null;
  attributes?: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  deviceId: number | null;
  groupId: number;
  type: EventType;
  time: number;
  key: string | null;
  positionId: number | null;
  messageId: number | null;
  attributes: Record<string, unknown>;
  createdAt: number;
}

export type SourceStatus = 'idle' | 'running' | 'backoff' | 'failed' | 'disabled';

export interface Source {
  id: number;
  groupId: number;
  vendor: string;
  kind: 'pull' | 'push';
  name: string;
  settings: Record<string, unknown>;
  unknownDevices: UnknownDevicePolicy;
  enabled: boolean;
  status: SourceStatus;
  cursor: string | null;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  lastRequestAt: number | null;
  nextRunAt: number | null;
  failures: number;
  /** The process running this pull source, by its lease (several processes may share a database). */
  leaseOwner: string | null;
  /** When that lease runs out unless renewed. */
  leaseUntil: number | null;
  createdAt: number;
}
