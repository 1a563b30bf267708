import postgres, { type Sql } from 'postgres';
import type { Credential, DeviceType, Group, Source } from '../../model/records.ts';
import { credentialFromRow, deviceTypeFromRow, groupFromRow, sourceFromRow } from '../sqlite/rows.ts';
import type {
  CommitBatch,
  CommitResult,
  DevicePatch,
  DeviceQuery,
  EventQuery,
  ExternalRef,
  GroupPatch,
  NewCredential,
  NewDevice,
  NewDeviceType,
  NewGroup,
  NewSource,
  SourcePatch,
  Storage,
  SyncPage,
  SyncQuery,
  TimeRangeQuery,
} from '../storage.ts';
import type { DeliveryOutcome, NewDelivery } from '../deliveries.ts';
import { commitBatch } from './commit.ts';
import type { StoredStop, StoredTrip } from '../../model/derived.ts';
import type { DerivedChange, SpanQuery } from '../derived.ts';
import type { NewPlace, PlacePatch, PlaceQuery } from '../places.ts';
import * as derived from './derived.ts';
import * as places from './places.ts';
import { parseDatabaseUrl } from './connection-url.ts';
import * as consumers from './consumers.ts';
import * as coordination from './coordination.ts';
import * as deliveries from './deliveries.ts';
import * as retention from './retention.ts';
import { dropPartitionsBefore, maintainPartitions } from './partitions.ts';
import * as callbacks from './callbacks.ts';
import { updateDeviceType } from './device-types.ts';
import type { DeviceTypePatch } from '../device-types.ts';
import type { CallbackPatch, DeliveryQuery, NewOutgoingCallback } from '../callbacks.ts';
import * as receiverSecrets from './receiver-secrets.ts';
import { PostgresUserStore } from './users.ts';
import * as feeds from './feeds.ts';
import type { FeedEntryQuery, NewFeed } from '../feeds.ts';
import type { NewReceiverSecret } from '../receiver-secrets.ts';
import { createDevice, getDevice, listDevices, resolveDevices, updateDevice } from './devices.ts';
import { jsonb } from './jsonb.ts';
import { migrate } from './migrate.ts';
import { listEvents, listMessages, listPositions } from './queries.ts';
import { syncHead, syncPage } from './sync.ts';

const SOURCE_COLUMNS: Record<keyof SourcePatch, string> = {
  name: 'name',
  settings: 'settings',
  enabled: 'enabled',
  status: 'status',
  cursor: 'cursor',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
  lastSuccessAt: 'last_success_at',
  lastRequestAt: 'last_request_at',
  nextRunAt: 'next_run_at',
  failures: 'failures',
};

export interface PostgresOptions {
  /** The schema holding every table (created by `migrate()`); default the URL's (./connection-url.ts), else public. */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** Shared storage on PostgreSQL: several Trackway processes may use one database at once. */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  readonly sql: Sql;
  readonly schema: string;
  readonly users: PostgresUserStore;

  constructor(databaseUrl: string, options: PostgresOptions = {}) {
    const { url, schema } = parseDatabaseUrl(databaseUrl);
    this.schema = options.schema ?? schema ?? 'public';
    this.sql = postgres(url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connection: { search_path: this.schema, application_name: 'trackway' },
    });
    this.users = new PostgresUserStore(this.sql);
  }

  async migrate() {
    return { applied: await migrate(this.sql, this.schema) };
  }

  async close() {
    await this.sql.end({ timeout: 5 });
  }

  async createGroup(input: NewGroup): Promise<Group> {
    const sql = this.sql;
    const id = await sql.begin(async (tx) => {
      const parent =
        input.parentId == null ? null : (await tx`SELECT path FROM groups WHERE id = ${input.parentId}`)[0];
      if (input.parentId != null && !parent) throw new Error(`parent group ${input.parentId} does not exist`);
      // The path holds the new id, so the id is drawn first.
      const [{ id }] =
        (await tx`SELECT nextval(pg_get_serial_sequence('groups', 'id')) AS id`) as unknown as [
          { id: string },
        ];
      await tx`INSERT INTO groups (id, parent_id, name, path, unknown_devices, retention_days, attributes, created_at)
        VALUES (${id}, ${input.parentId}, ${input.name}, ${`${parent ? String(parent.path) : '/'}${id}/`},
          ${input.unknownDevices ?? 'create'}, ${input.retentionDays ?? null}, ${jsonb(tx, input.attributes ?? {})},
          ${Date.now()})`;
      return Number(id);
    });
    return (await this.getGroup(id))!;
  }

  async getGroup(id: number) {
    const [r] = await this.sql`SELECT * FROM groups WHERE id = ${id}`;
    return r ? groupFromRow(r) : null;
  }

  async listGroups(scope: string) {
    return (await this.sql`SELECT * FROM groups WHERE path LIKE ${scope}::text || '%' ORDER BY path`).map(
      groupFromRow,
    );
  }

  async updateGroup(id: number, patch: GroupPatch) {
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.unknownDevices !== undefined) set.unknown_devices = patch.unknownDevices;
    if (patch.retentionDays !== undefined) set.retention_days = patch.retentionDays;
    if (patch.attributes !== undefined) set.attributes = jsonb(this.sql, patch.attributes);
    if (Object.keys(set).length) await this.sql`UPDATE groups SET ${this.sql(set)} WHERE id = ${id}`;
    return this.getGroup(id);
  }

  async createCredential(input: NewCredential): Promise<Credential> {
    const [r] = await this
      .sql`INSERT INTO credentials (group_id, user_id, role, kind, name, prefix, secret_hash,
        created_at)
      VALUES (${input.groupId}, ${input.userId ?? null}, ${input.role}, ${input.kind}, ${input.name}, ${input.prefix},
        ${input.secretHash}, ${Date.now()})
      RETURNING *`;
    return credentialFromRow(r!);
  }

  async findCredential(secretHash: string) {
    const now = Date.now();
    // Recording every use would make each read a write; a minute's precision is enough to spot unused tokens.
    const [r] = await this.sql`UPDATE credentials SET last_used_at = ${now}
      WHERE secret_hash = ${secretHash} AND revoked_at IS NULL
        AND (last_used_at IS NULL OR last_used_at < ${now - 60_000})
      RETURNING *`;
    if (r) return credentialFromRow(r);
    const [live] = await this
      .sql`SELECT * FROM credentials WHERE secret_hash = ${secretHash} AND revoked_at IS NULL`;
    return live ? credentialFromRow(live) : null;
  }

  async listCredentials(scope: string) {
    return (
      await this.sql`SELECT c.* FROM credentials c JOIN groups g ON g.id = c.group_id
        WHERE g.path LIKE ${scope}::text || '%' ORDER BY c.id`
    ).map(credentialFromRow);
  }

  async revokeCredential(id: number, scope: string) {
    const rows = await this.sql`UPDATE credentials SET revoked_at = ${Date.now()}
      WHERE id = ${id} AND revoked_at IS NULL
        AND group_id IN (SELECT id FROM groups WHERE path LIKE ${scope}::text || '%')`;
    return rows.count > 0;
  }

  async countCredentials() {
    const [r] = await this.sql`SELECT count(*) AS n FROM credentials`;
    return Number(r!.n);
  }

  async createDeviceType(input: NewDeviceType): Promise<DeviceType> {
    const [r] = await this
      .sql`INSERT INTO device_types (group_id, name, description, keep_alive, payload_type,
        payload_config, downlink_mode, downlink_data, alert_email, attributes, created_at)
      VALUES (${input.groupId}, ${input.name}, ${input.description ?? ''}, ${input.keepAlive ?? 0},
        ${input.payloadType ?? 'none'}, ${input.payloadConfig ?? null}, ${input.downlinkMode ?? null},
        ${input.downlinkData ?? null}, ${input.alertEmail ?? null}, ${jsonb(this.sql, input.attributes ?? {})},
        ${Date.now()})
      RETURNING *`;
    return deviceTypeFromRow(r!);
  }

  async getDeviceType(id: number) {
    const [r] = await this.sql`SELECT * FROM device_types WHERE id = ${id}`;
    return r ? deviceTypeFromRow(r) : null;
  }

  async listDeviceTypes(scope: string) {
    return (
      await this.sql`SELECT t.* FROM device_types t JOIN groups g ON g.id = t.group_id
        WHERE g.path LIKE ${scope}::text || '%' ORDER BY t.id`
    ).map(deviceTypeFromRow);
  }

  createDevice(input: NewDevice) {
    return createDevice(this.sql, input);
  }
  getDevice(id: number) {
    return getDevice(this.sql, id);
  }
  listDevices(query: DeviceQuery) {
    return listDevices(this.sql, query);
  }
  updateDevice(id: number, patch: DevicePatch) {
    return updateDevice(this.sql, id, patch);
  }
  resolveDevices(refs: ExternalRef[], create: { groupId: number } | null) {
    return resolveDevices(this.sql, refs, create);
  }

  commit(batch: CommitBatch): Promise<CommitResult> {
    return commitBatch(this.sql, batch);
  }

  listPositions(query: TimeRangeQuery) {
    return listPositions(this.sql, query);
  }
  listMessages(query: TimeRangeQuery) {
    return listMessages(this.sql, query);
  }
  listEvents(query: EventQuery) {
    return listEvents(this.sql, query);
  }
  sync(query: SyncQuery): Promise<SyncPage> {
    return syncPage(this.sql, query);
  }

  async createSource(input: NewSource): Promise<Source> {
    const [r] = await this
      .sql`INSERT INTO sources (group_id, vendor, kind, name, settings, unknown_devices, enabled,
        created_at)
      VALUES (${input.groupId}, ${input.vendor}, ${input.kind}, ${input.name}, ${jsonb(this.sql, input.settings ?? {})},
        ${input.unknownDevices ?? 'create'}, ${input.enabled !== false}, ${Date.now()})
      RETURNING *`;
    return sourceFromRow(r!);
  }

  async getSource(id: number) {
    const [r] = await this.sql`SELECT * FROM sources WHERE id = ${id}`;
    return r ? sourceFromRow(r) : null;
  }

  async listSources(scope: string) {
    return (
      await this.sql`SELECT s.* FROM sources s JOIN groups g ON g.id = s.group_id
        WHERE g.path LIKE ${scope}::text || '%' ORDER BY s.id`
    ).map(sourceFromRow);
  }

  async updateSource(id: number, patch: SourcePatch) {
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch) as [keyof SourcePatch, unknown][]) {
      if (v !== undefined) set[SOURCE_COLUMNS[k]] = k === 'settings' ? jsonb(this.sql, v) : v;
    }
    if (Object.keys(set).length) await this.sql`UPDATE sources SET ${this.sql(set)} WHERE id = ${id}`;
    return this.getSource(id);
  }

  async getDeriveState(deviceId: number, machine: string) {
    return derived.getDeriveState(this.sql, deviceId, machine);
  }
  async saveDerived(changes: DerivedChange[]) {
    await derived.saveDerived(this.sql, changes);
  }
  async stopStartsBefore(deviceId: number, before: number, limit: number) {
    return derived.stopStartsBefore(this.sql, deviceId, before, limit);
  }
  async stopResume(deviceId: number, startTime: number) {
    return derived.stopResume(this.sql, deviceId, startTime);
  }
  async listTrips(query: SpanQuery) {
    return derived.listSpans<StoredTrip>(this.sql, 'trips', query);
  }
  async listStops(query: SpanQuery) {
    return derived.listSpans<StoredStop>(this.sql, 'stops', query);
  }

  async createPlace(input: NewPlace) {
    return places.createPlace(this.sql, input);
  }
  async getPlace(identifier: string, scope: string) {
    return places.getPlace(this.sql, identifier, scope);
  }
  async listPlaces(query: PlaceQuery) {
    return places.listPlaces(this.sql, query);
  }
  async updatePlace(identifier: string, scope: string, patch: PlacePatch) {
    return places.updatePlace(this.sql, identifier, scope, patch);
  }
  async setPlaceArchived(identifier: string, scope: string, archivedAt: number | null) {
    return places.setPlaceArchived(this.sql, identifier, scope, archivedAt);
  }
  async placesWatching(groupPath: string) {
    return places.placesWatching(this.sql, groupPath);
  }

  async getRateStamp(key: string) {
    const [r] = await this.sql`SELECT last_request_at FROM rate_stamps WHERE key = ${key}`;
    return r ? Number(r.last_request_at) : null;
  }

  async setRateStamp(key: string, time: number) {
    await this.sql`INSERT INTO rate_stamps (key, last_request_at) VALUES (${key}, ${time})
      ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at`;
  }

  takeSourceLease(id: number, owner: string, ttlMs: number) {
    return coordination.takeSourceLease(this.sql, id, owner, ttlMs);
  }
  releaseSourceLease(id: number, owner: string) {
    return coordination.releaseSourceLease(this.sql, id, owner);
  }
  sourceLeaseOwner(id: number) {
    return coordination.sourceLeaseOwner(this.sql, id);
  }
  claimRateSlot(key: string, spacingMs: number, now: number) {
    return coordination.claimRateSlot(this.sql, key, spacingMs, now);
  }
  createReceiverSecret(input: NewReceiverSecret) {
    return receiverSecrets.createReceiverSecret(this.sql, input);
  }
  findReceiverSecret(secretHash: string) {
    return receiverSecrets.findReceiverSecret(this.sql, secretHash);
  }
  listReceiverSecrets(sourceId: number) {
    return receiverSecrets.listReceiverSecrets(this.sql, sourceId);
  }
  revokeReceiverSecret(id: number, sourceId: number) {
    return receiverSecrets.revokeReceiverSecret(this.sql, id, sourceId);
  }
  createFeed(input: NewFeed) {
    return feeds.createFeed(this.sql, input);
  }
  getFeedByPublicId(feedId: string) {
    return feeds.getFeedByPublicId(this.sql, feedId);
  }
  listFeeds(scope: string) {
    return feeds.listFeeds(this.sql, scope);
  }
  deleteFeed(id: number, scope: string) {
    return feeds.deleteFeed(this.sql, id, scope);
  }
  listFeedEntries(query: FeedEntryQuery) {
    return feeds.listFeedEntries(this.sql, query);
  }

  async enqueueDelivery(input: NewDelivery, now: number) {
    return deliveries.enqueueDelivery(this.sql, input, now);
  }
  async claimDeliveries(owner: string, limit: number, claimMs: number, now: number) {
    return deliveries.claimDeliveries(this.sql, owner, limit, claimMs, now);
  }
  async finishDelivery(id: number, owner: string, outcome: DeliveryOutcome, now: number) {
    return deliveries.finishDelivery(this.sql, id, owner, outcome, now);
  }
  updateDeviceType(id: number, patch: DeviceTypePatch) {
    return updateDeviceType(this.sql, id, patch);
  }
  createCallback(input: NewOutgoingCallback) {
    return callbacks.createCallback(this.sql, input);
  }
  getCallback(id: number) {
    return callbacks.getCallback(this.sql, id);
  }
  listCallbacks(query: { deviceTypeId?: number; groupId?: number }) {
    return callbacks.listCallbacks(this.sql, query);
  }
  updateCallback(id: number, patch: CallbackPatch) {
    return callbacks.updateCallback(this.sql, id, patch);
  }
  deleteCallback(id: number) {
    return callbacks.deleteCallback(this.sql, id);
  }
  listDeliveries(query: DeliveryQuery) {
    return callbacks.listDeliveries(this.sql, query);
  }
  async getDelivery(id: number) {
    return deliveries.getDelivery(this.sql, id);
  }

  syncHead() {
    return syncHead(this.sql);
  }
  consumerCursor(name: string) {
    return consumers.consumerCursor(this.sql, name);
  }
  takeConsumerLease(name: string, owner: string, ttlMs: number) {
    return consumers.takeConsumerLease(this.sql, name, owner, ttlMs);
  }
  releaseConsumerLease(name: string, owner: string) {
    return consumers.releaseConsumerLease(this.sql, name, owner);
  }
  saveConsumerCursor(name: string, owner: string, cursor: string) {
    return consumers.saveConsumerCursor(this.sql, name, owner, cursor);
  }

  purgeBefore(groupId: number, before: number, limit: number) {
    return retention.purgeBefore(this.sql, groupId, before, limit);
  }
  maintainPartitions(now: number) {
    return maintainPartitions(this.sql, now);
  }
  dropPartitionsBefore(before: number) {
    return dropPartitionsBefore(this.sql, before);
  }
}
