import type { Feed } from '../feeds.ts';
import type {
  Credential,
  Device,
  DeviceType,
  ExternalId,
  Group,
  Source,
  StoredEvent,
  StoredMessage,
  StoredPosition,
} from '../../model/records.ts';

/** Row shapes as SQLite returns them, and their mapping to the model. Shared with PostgreSQL (same columns). */
export type Row = Record<string, unknown>;

// SQLite holds JSON as text; the PostgreSQL driver returns JSONB already parsed.
const json = <T>(v: unknown, fallback: T): T =>
  v == null ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
const num = (v: unknown): number | null => (v == null ? null : Number(v));
const bool = (v: unknown): boolean | null => (v == null ? null : v === true || Number(v) !== 0);
const str = (v: unknown): string | null => (v == null ? null : String(v));

export function groupFromRow(r: Row): Group {
  return {
    id: Number(r.id),
    parentId: num(r.parent_id),
    name: String(r.name),
    path: String(r.path),
    unknownDevices: r.unknown_devices as Group['unknownDevices'],
    retentionDays: num(r.retention_days),
    attributes: json(r.attributes, {}),
    createdAt: Number(r.created_at),
  };
}

export function credentialFromRow(r: Row): Credential {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    userId: num(r.user_id),
    role: r.role as Credential['role'],
    kind: r.kind as Credential['kind'],
    name: String(r.name),
    prefix: String(r.prefix),
    createdAt: Number(r.created_at),
    lastUsedAt: num(r.last_used_at),
    revokedAt: num(r.revoked_at),
  };
}

export function deviceTypeFromRow(r: Row): DeviceType {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    name: String(r.name),
    description: String(r.description),
    keepAlive: Number(r.keep_alive),
    payloadType: r.payload_type as DeviceType['payloadType'],
    payloadConfig: str(r.payload_config),
    downlinkMode: str(r.downlink_mode),
    downlinkData: str(r.downlink_data),
    alertEmail: str(r.alert_email),
    attributes: json(r.attributes, {}),
    createdAt: Number(r.created_at),
  };
}

/** Maps position columns; `prefix` selects aliased columns (`p_lat`) when joined to another table. */
export function positionFromRow(r: Row, prefix = ''): StoredPosition {
  const c = (k: string) => r[prefix + k];
  return {
    id: Number(c('id')),
    deviceId: Number(c('device_id')),
    messageId: num(c('message_id')),
    fixTime: Number(c('fix_time')),
    receivedTime: Number(c('received_time')),
    lat: Number(c('lat')),
    lon: Number(c('lon')),
    valid: bool(c('valid')) ?? true,
    accuracy: num(c('accuracy')),
    altitude: num(c('altitude')),
    speed: num(c('speed')),
    course: num(c('course')),
    hdop: num(c('hdop')),
    vdop: num(c('vdop')),
    pdop: num(c('pdop')),
    satellites: num(c('satellites')),
    odometer: num(c('odometer')),
    ignition: bool(c('ignition')),
    motion: bool(c('motion')),
    inputs: num(c('inputs')),
    outputs: num(c('outputs')),
    analogs: json(c('analogs'), null),
    temperatures: json(c('temperatures'), null),
    power: num(c('power')),
    attributes: json(c('attributes'), {}),
  };
}

export const POSITION_COLUMNS = [
  'id',
  'device_id',
  'message_id',
  'fix_time',
  'received_time',
  'lat',
  'lon',
  'valid',
  'accuracy',
  'altitude',
  'speed',
  'course',
  'hdop',
  'vdop',
  'pdop',
  'satellites',
  'odometer',
  'ignition',
  'motion',
  'inputs',
  'outputs',
  'analogs',
  'temperatures',
  'power',
  'attributes',
] as const;

/** Maps a device row joined to its latest position (columns aliased `p_`), with its external ids. */
export function deviceFromRow(r: Row, externalIds: ExternalId[]): Device {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    typeId: num(r.type_id),
    name: String(r.name),
    state: r.state as Device['state'],
    externalIds,
    lastSeen: num(r.last_seen),
    linkStats: json(r.link_stats, {}),
    attributes: json(r.attributes, {}),
    createdAt: Number(r.created_at),
    latestPosition: r.p_id == null ? null : positionFromRow(r, 'p_'),
  };
}

export function messageFromRow(r: Row): StoredMessage {
  return {
    id: Number(r.id),
    deviceId: Number(r.device_id),
    sourceId: num(r.source_id),
    sourceMessageId: str(r.source_message_id),
    deviceTime: Number(r.device_time),
    receivedTime: Number(r.received_time),
    messageType: str(r.message_type),
    payload: str(r.payload),
    payloadEncoding: str(r.payload_encoding) as StoredMessage['payloadEncoding'],
    radio: json(r.radio, {}),
    decoded: json(r.decoded, null),
    duplicate: bool(r.duplicate) ?? false,
    attributes: json(r.attributes, {}),
    positionId: num(r.position_id),
  };
}

export function eventFromRow(r: Row): StoredEvent {
  return {
    id: Number(r.id),
    deviceId: num(r.device_id),
    groupId: Number(r.group_id),
    type: r.type as StoredEvent['type'],
    time: Number(r.event_time),
    key: str(r.event_key),
    positionId: num(r.position_id),
    messageId: num(r.message_id),
    attributes: json(r.attributes, {}),
    createdAt: Number(r.created_at),
  };
}

export function sourceFromRow(r: Row): Source {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    vendor: String(r.vendor),
    kind: r.kind as Source['kind'],
    name: String(r.name),
    settings: json(r.settings, {}),
    unknownDevices: r.unknown_devices as Source['unknownDevices'],
    enabled: bool(r.enabled) ?? false,
    status: r.status as Source['status'],
    cursor: str(r.cursor),
    lastError: str(r.last_error),
    lastErrorAt: num(r.last_error_at),
    lastSuccessAt: num(r.last_success_at),
    lastRequestAt: num(r.last_request_at),
    nextRunAt: num(r.next_run_at),
    failures: Number(r.failures),
    leaseOwner: str(r.lease_owner),
    leaseUntil: num(r.lease_until),
    createdAt: Number(r.created_at),
  };
}

/** A SPOT feed row with the ids of its devices (read separately). */
export function feedFromRow(r: Row, deviceIds: number[]): Feed {
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    feedId: String(r.feed_id),
    name: String(r.name),
    description: String(r.description),
    passwordHash: r.password_hash == null ? null : String(r.password_hash),
    deviceIds,
    rateLimited: bool(r.rate_limited) ?? false,
    createdAt: Number(r.created_at),
  };
}
