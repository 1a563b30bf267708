import type { TimelineStore } from './entries.ts';
import type { NewDeviceType } from './device-types.ts';
import type { ResolvedRecord } from '../model/ingest.ts';
import type {
  Credential,
  Device,
  ExternalId,
  Group,
  Role,
  Source,
  StoredEvent,
  StoredMessage,
  StoredPosition,
  UnknownDevicePolicy,
} from '../model/records.ts';
import type { ConsumerStorage } from './consumers.ts';
import type { CoordinationStorage } from './coordination.ts';
import type { DerivedStore } from './derived.ts';
import type { PlaceStore } from './places.ts';
import type { PositionWindowStorage } from './position-windows.ts';
import type { CallbackStorage } from './callbacks.ts';
import type { DeliveryStorage } from './deliveries.ts';
import type { DeviceTypeStorage } from './device-types.ts';
import type { StorageLifecycle } from './lifecycle.ts';
import type { ReceiverSecretStorage } from './receiver-secrets.ts';
import type { RetentionStorage } from './retention.ts';
import type { UserStore } from './users.ts';

/**
 * The one storage interface (DESIGN.md §5): the domain stores below, each a narrow interface with one
 * implementation per database, composed into one object. Every method is async so that SQLite and PostgreSQL fit
 * behind it. `scope` arguments are group paths (`/1/4/`): a call sees only rows of groups in that subtree.
 */
export interface Storage
  extends
    StorageLifecycle,
    GroupStore,
    CredentialStore,
    DeviceTypeStorage,
    DeviceStore,
    CommitStore,
    HistoryStore,
    SyncStore,
    SourceStore,
    ConsumerStorage,
    CoordinationStorage,
    RetentionStorage,
    DeliveryStorage,
    CallbackStorage,
    ReceiverSecretStorage,
    DerivedStore,
    PlaceStore,
    TimelineStore,
    PositionWindowStorage {
  /** Web users and their sessions. */
  readonly users: UserStore;
}

export interface GroupStore {
  createGroup(input: NewGroup): Promise<Group>;
  getGroup(id: number): Promise<Group | null>;
  listGroups(scope: string): Promise<Group[]>;
  updateGroup(id: number, patch: GroupPatch): Promise<Group | null>;
  /** The paths of the groups with these ids (those that exist). */
  groupPaths(ids: number[]): Promise<Map<number, string>>;
}

export interface CredentialStore {
  createCredential(input: NewCredential): Promise<Credential>;
  /** The live (not revoked) credential whose secret hashes to `secretHash`; marks it used. */
  findCredential(secretHash: string): Promise<Credential | null>;
  listCredentials(scope: string): Promise<Credential[]>;
  revokeCredential(id: number, scope: string): Promise<boolean>;
  countCredentials(): Promise<number>;
}

export interface DeviceStore {
  createDevice(input: NewDevice): Promise<Device>;
  getDevice(id: number): Promise<Device | null>;
  listDevices(query: DeviceQuery): Promise<Page<Device>>;
  updateDevice(id: number, patch: DevicePatch): Promise<Device | null>;
  /** Finds devices by external identity; creates the missing ones in `create.groupId` when given. */
  resolveDevices(
    refs: ExternalRef[],
    create: { groupId: number } | null,
  ): Promise<Map<string, ResolvedDevice>>;
  /** The group path of each device with one of these ids (those that exist). */
  devicePaths(ids: number[]): Promise<Map<number, string>>;
  /** The group and attributes of each device with one of these ids (those that exist), in one query. */
  deviceSettings(ids: number[]): Promise<Map<number, DeviceSettings>>;
}

/** What per-device settings (derivation rules) need of a device, without its identities or latest position. */
export type DeviceSettings = Pick<Device, 'id' | 'groupId' | 'attributes'>;

export interface CommitStore {
  /**
   * Commits records in one transaction: positions, messages and events, deduplicated by the identity rules of
   * DESIGN.md §3, the devices' latest positions, and, for a pull source, its new cursor. All or nothing.
   */
  commit(batch: CommitBatch): Promise<CommitResult>;
}

export interface HistoryStore {
  listPositions(query: TimeRangeQuery): Promise<Page<StoredPosition>>;
  listMessages(query: TimeRangeQuery): Promise<Page<StoredMessage>>;
  listEvents(query: EventQuery): Promise<Page<StoredEvent>>;
}

export interface SyncStore {
  /** Records in commit order after `after` (opaque); see `SyncPage`. */
  sync(query: SyncQuery): Promise<SyncPage>;
}

export interface SourceStore {
  createSource(input: NewSource): Promise<Source>;
  getSource(id: number): Promise<Source | null>;
  listSources(scope: string): Promise<Source[]>;
  updateSource(id: number, patch: SourcePatch): Promise<Source | null>;
  /** The last request time recorded under a rate-limit key (a vendor's global spacing), or null. */
  getRateStamp(key: string): Promise<number | null>;
  setRateStamp(key: string, time: number): Promise<void>;
}

import type { Page } from './page.ts';

export type { Page, NewDeviceType };

export interface NewGroup {
  parentId: number | null;
  name: string;
  unknownDevices?: UnknownDevicePolicy;
  retentionDays?: number | null;
  attributes?: Record<string, unknown>;
}
/** Fields of a group an edit may change. */
export const GROUP_PATCH = ['name', 'unknownDevices', 'retentionDays', 'attributes'] as const;
export type GroupPatch = Partial<Pick<Group, (typeof GROUP_PATCH)[number]>>;

export interface NewCredential {
  groupId: number;
  userId?: number | null;
  role: Role;
  kind: 'token' | 'password';
  name: string;
  prefix: string;
  secretHash: string;
}

export interface NewDevice {
  groupId: number;
  name: string;
  typeId?: number | null;
  externalIds?: ExternalId[];
  attributes?: Record<string, unknown>;
}
/** Fields of a device an edit may change; a new `groupId` moves the device with its whole history. */
export const DEVICE_PATCH = ['name', 'groupId', 'typeId', 'attributes', 'state'] as const;
export type DevicePatch = Partial<Pick<Device, (typeof DEVICE_PATCH)[number]>>;

export interface DeviceQuery {
  scope: string;
  cursor?: string | null;
  limit: number;
  groupId?: number;
}

export interface ExternalRef extends ExternalId {
  name?: string;
}

export interface ResolvedDevice {
  deviceId: number;
  groupPath: string;
  created: boolean;
}

/** Key of an external reference in the map `resolveDevices` returns. */
export function externalKey(ref: ExternalId): string {
  return `${ref.vendor}\u0000${ref.externalId}`;
}

/** A pull source's cursor after a page, committed with the page's records. */
export interface SourceCursor {
  sourceId: number;
  cursor: string | null;
  /**
   * The lease the page was fetched under: the commit fails with SourceLeaseLostError when another process holds
   * the source now, so a stalled process can never move a cursor back under the one that took over.
   */
  leaseOwner?: string | null;
}

export interface CommitBatch {
  records: ResolvedRecord[];
  sourceId: number | null;
  receivedTime: number;
  /** For a pull source: the cursor after this page, committed with it. */
  sourceCursor?: SourceCursor | null;
}

export type CommittedRecord =
  | {
      status: 'accepted';
      deviceId: number;
      /** The new position, or the stored one this record's position completed (see `merged`). */
      position: StoredPosition | null;
      message: StoredMessage | null;
      events: StoredEvent[];
    }
  /**
   * Nothing new was stored, but the record's position brought fields the stored copy lacked
   * (model/position-merge.ts): `position` is the stored one with them, back in the commit order.
   */
  | { status: 'merged'; deviceId: number; position: StoredPosition }
  | { status: 'duplicate'; deviceId: number };

export interface CommitResult {
  /** One entry per input record, in input order. */
  records: CommittedRecord[];
  /**
   * Where the commit sits in the commit order: the sync cursors just before and just after it, when the storage
   * knows that nothing else lies between them (SQLite: one writer at a time). Consumers in this process can then
   * take the committed records from memory instead of reading them back (see CommitFollower.offer).
   */
  commitOrder?: CommitOrder;
}

/** The sync cursor before a commit and the one after it; the commit's records are all that lies between. */
export interface CommitOrder {
  from: string;
  to: string;
}

export interface TimeRangeQuery {
  deviceId: number;
  /** Inclusive. */
  from?: number;
  /** Exclusive, so that adjacent ranges neither overlap nor leave a gap. */
  to?: number;
  order?: 'asc' | 'desc';
  cursor?: string | null;
  limit: number;
}

export interface EventQuery {
  scope: string;
  deviceId?: number;
  groupId?: number;
  /** Only these types; none: every type but retractions, which belong to the commit order (see `sync`). */
  types?: string[];
  /** Inclusive. */
  from?: number;
  /** Exclusive. */
  to?: number;
  cursor?: string | null;
  limit: number;
}

export interface SyncQuery {
  scope: string;
  after: string | null;
  limit: number;
  /**
   * Only records of these kinds (all when absent); the cursor still moves past the others. A consumer that
   * handles one kind (derivation: positions; webhooks: events) reads nothing else.
   */
  kinds?: readonly SyncRecord['kind'][];
}

export type SyncRecord =
  | { kind: 'position'; record: StoredPosition }
  | { kind: 'message'; record: StoredMessage }
  | { kind: 'event'; record: StoredEvent };

export interface SyncPage {
  records: SyncRecord[];
  /** Pass as `after` next time; equals the input when nothing new was committed. */
  next: string;
}

export interface NewSource {
  groupId: number;
  vendor: string;
  kind: 'pull' | 'push';
  name: string;
  settings?: Record<string, unknown>;
  unknownDevices?: UnknownDevicePolicy;
  enabled?: boolean;
}

/** Fields of a source an edit may change (its lease is the coordination's, its creation fixed). */
export const SOURCE_PATCH = [
  'name',
  'settings',
  'enabled',
  'status',
  'cursor',
  'lastError',
  'lastErrorAt',
  'lastSuccessAt',
  'lastRequestAt',
  'nextRunAt',
  'failures',
] as const;
export type SourcePatch = Partial<Pick<Source, (typeof SOURCE_PATCH)[number]>>;
