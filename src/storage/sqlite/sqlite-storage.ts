import type Database from 'better-sqlite3';
import type { Credential, Device, DeviceType, Group, Source } from '../../model/records.ts';
import { decodeCursor, encodeCursor, isNumber } from '../cursor.ts';
import {
  externalKey,
  type CommitBatch,
  type CommitResult,
  type DevicePatch,
  type DeviceQuery,
  type EventQuery,
  type ExternalRef,
  type GroupPatch,
  type NewCredential,
  type NewDevice,
  type NewDeviceType,
  type NewGroup,
  type NewSource,
  type Page,
  type ResolvedDevice,
  type SourcePatch,
  type Storage,
  type SyncPage,
  type SyncQuery,
  type TimeRangeQuery,
} from '../storage.ts';
import type { DeliveryOutcome, NewDelivery } from '../deliveries.ts';
import type { NewReceiverSecret } from '../receiver-secrets.ts';
import { commitBatch, prepareCommit } from './commit.ts';
import type { DerivedChange, SpanQuery } from '../derived.ts';
import type { NewPlace, PlacePatch, PlaceQuery } from '../places.ts';
import * as derived from './derived.ts';
import { stopFromRow, tripFromRow } from './derived-rows.ts';
import * as places from './places.ts';
import * as consumers from './consumers.ts';
import * as coordination from './coordination.ts';
import * as deliveries from './deliveries.ts';
import * as retention from './retention.ts';
import * as callbacks from './callbacks.ts';
import { updateDeviceType } from './device-types.ts';
import type { DeviceTypePatch } from '../device-types.ts';
import type { CallbackPatch, DeliveryQuery, NewOutgoingCallback } from '../callbacks.ts';
import * as receiverSecrets from './receiver-secrets.ts';
import * as feeds from './feeds.ts';
import { SqliteUserStore } from './users.ts';
import type { FeedEntryQuery, NewFeed } from '../feeds.ts';
import { migrate, openDatabase } from './database.ts';
import { listEvents, listMessages, listPositions, syncPage } from './queries.ts';
import {
  credentialFromRow,
  deviceFromRow,
  deviceTypeFromRow,
  groupFromRow,
  POSITION_COLUMNS,
  sourceFromRow,
  type Row,
} from './rows.ts';

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

/** Embedded storage: one SQLite file in WAL mode. All calls are synchronous underneath; writers are serialised. */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private userStore: SqliteUserStore | null = null;
  private commitStatements: ReturnType<typeof prepareCommit> | null = null;

  constructor(file: string) {
    this.db = openDatabase(file);
  }

  async migrate() {
    const applied = migrate(this.db);
    this.commitStatements = prepareCommit(this.db);
    this.userStore = new SqliteUserStore(this.db);
    return { applied };
  }

  get users() {
    if (!this.userStore) throw new Error('storage used before migrate()');
    return this.userStore;
  }

  async close() {
    if (this.db.open) this.db.close();
  }

  private row(sql: string, ...params: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }
  private rows(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  async createGroup(input: NewGroup): Promise<Group> {
    const create = this.db.transaction(() => {
      const parent =
        input.parentId == null ? null : this.row('SELECT path FROM groups WHERE id = ?', input.parentId);
      if (input.parentId != null && !parent) throw new Error(`parent group ${input.parentId} does not exist`);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO groups (parent_id, name, path, unknown_devices, retention_days, attributes, created_at)
           VALUES (?, ?, '', ?, ?, ?, ?)`,
        )
        .run(
          input.parentId,
          input.name,
          input.unknownDevices ?? 'create',
          input.retentionDays ?? null,
          JSON.stringify(input.attributes ?? {}),
          Date.now(),
        );
      const id = Number(lastInsertRowid);
      const path = `${parent ? String(parent.path) : '/'}${id}/`;
      this.db.prepare('UPDATE groups SET path = ? WHERE id = ?').run(path, id);
      return id;
    });
    return (await this.getGroup(create.immediate()))!;
  }

  async getGroup(id: number) {
    const r = this.row('SELECT * FROM groups WHERE id = ?', id);
    return r ? groupFromRow(r) : null;
  }

  async listGroups(scope: string) {
    return this.rows(`SELECT * FROM groups WHERE path LIKE ? || '%' ORDER BY path`, scope).map(groupFromRow);
  }

  async updateGroup(id: number, patch: GroupPatch) {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.name !== undefined) {
      sets.push('name = ?');
      values.push(patch.name);
    }
    if (patch.unknownDevices !== undefined) {
      sets.push('unknown_devices = ?');
      values.push(patch.unknownDevices);
    }
    if (patch.retentionDays !== undefined) {
      sets.push('retention_days = ?');
      values.push(patch.retentionDays);
    }
    if (patch.attributes !== undefined) {
      sets.push('attributes = ?');
      values.push(JSON.stringify(patch.attributes));
    }
    if (sets.length) this.db.prepare(`UPDATE groups SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.getGroup(id);
  }

  async createCredential(input: NewCredential): Promise<Credential> {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO credentials (group_id, user_id, role, kind, name, prefix, secret_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.groupId,
        input.userId ?? null,
        input.role,
        input.kind,
        input.name,
        input.prefix,
        input.secretHash,
        Date.now(),
      );
    return credentialFromRow(this.row('SELECT * FROM credentials WHERE id = ?', lastInsertRowid)!);
  }

  async findCredential(secretHash: string) {
    const r = this.row('SELECT * FROM credentials WHERE secret_hash = ? AND revoked_at IS NULL', secretHash);
    if (!r) return null;
    const now = Date.now();
    // Recording every use would make each read a write; a minute's precision is enough to spot unused tokens.
    if (r.last_used_at == null || now - Number(r.last_used_at) > 60_000) {
      this.db.prepare('UPDATE credentials SET last_used_at = ? WHERE id = ?').run(now, r.id);
      r.last_used_at = now;
    }
    return credentialFromRow(r);
  }

  async listCredentials(scope: string) {
    return this.rows(
      `SELECT c.* FROM credentials c JOIN groups g ON g.id = c.group_id WHERE g.path LIKE ? || '%' ORDER BY c.id`,
      scope,
    ).map(credentialFromRow);
  }

  async revokeCredential(id: number, scope: string) {
    const { changes } = this.db
      .prepare(
        `UPDATE credentials SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
           AND group_id IN (SELECT id FROM groups WHERE path LIKE ? || '%')`,
      )
      .run(Date.now(), id, scope);
    return changes > 0;
  }

  async countCredentials() {
    return Number(this.db.prepare('SELECT count(*) FROM credentials').pluck().get());
  }

  async createDeviceType(input: NewDeviceType): Promise<DeviceType> {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO device_types (group_id, name, description, keep_alive, payload_type, payload_config,
           downlink_mode, downlink_data, alert_email, attributes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.groupId,
        input.name,
        input.description ?? '',
        input.keepAlive ?? 0,
        input.payloadType ?? 'none',
        input.payloadConfig ?? null,
        input.downlinkMode ?? null,
        input.downlinkData ?? null,
        input.alertEmail ?? null,
        JSON.stringify(input.attributes ?? {}),
        Date.now(),
      );
    return (await this.getDeviceType(Number(lastInsertRowid)))!;
  }

  async getDeviceType(id: number) {
    const r = this.row('SELECT * FROM device_types WHERE id = ?', id);
    return r ? deviceTypeFromRow(r) : null;
  }

  async listDeviceTypes(scope: string) {
    return this.rows(
      `SELECT t.* FROM device_types t JOIN groups g ON g.id = t.group_id WHERE g.path LIKE ? || '%' ORDER BY t.id`,
      scope,
    ).map(deviceTypeFromRow);
  }

  async createDevice(input: NewDevice): Promise<Device> {
    const create = this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO devices (group_id, type_id, name, attributes, created_at) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(
          input.groupId,
          input.typeId ?? null,
          input.name,
          JSON.stringify(input.attributes ?? {}),
          Date.now(),
        );
      const addId = this.db.prepare(
        'INSERT INTO external_ids (vendor, external_id, device_id) VALUES (?, ?, ?)',
      );
      for (const e of input.externalIds ?? []) addId.run(e.vendor, e.externalId, lastInsertRowid);
      return Number(lastInsertRowid);
    });
    return (await this.getDevice(create.immediate()))!;
  }

  async getDevice(id: number) {
    const rows = this.deviceRows('d.id = ?', [id], 1);
    return rows[0] ?? null;
  }

  async listDevices(query: DeviceQuery): Promise<Page<Device>> {
    const after = query.cursor ? decodeCursor(query.cursor, isNumber) : 0;
    const where = [`g.path LIKE ? || '%'`, 'd.id > ?'];
    const params: unknown[] = [query.scope, after];
    if (query.groupId != null) {
      where.push('d.group_id = ?');
      params.push(query.groupId);
    }
    const items = this.deviceRows(where.join(' AND '), params, query.limit + 1);
    const more = items.length > query.limit;
    if (more) items.pop();
    return { items, next: more ? encodeCursor(items[items.length - 1]!.id) : null };
  }

  private deviceRows(where: string, params: unknown[], limit: number): Device[] {
    const rows = this.rows(
      `SELECT d.*, ${positionAliases} FROM devices d JOIN groups g ON g.id = d.group_id
       LEFT JOIN positions p ON p.id = d.latest_position_id WHERE ${where} ORDER BY d.id LIMIT ?`,
      ...params,
      limit,
    );
    if (!rows.length) return [];
    const ids = rows.map((r) => Number(r.id));
    const extIds = this.rows(
      `SELECT * FROM external_ids WHERE device_id IN (${ids.map(() => '?').join(',')}) ORDER BY vendor, external_id`,
      ...ids,
    );
    return rows.map((r) =>
      deviceFromRow(
        r,
        extIds
          .filter((e) => Number(e.device_id) === Number(r.id))
          .map((e) => ({ vendor: String(e.vendor), externalId: String(e.external_id) })),
      ),
    );
  }

  async updateDevice(id: number, patch: DevicePatch) {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.name !== undefined) {
      sets.push('name = ?');
      values.push(patch.name);
    }
    if (patch.typeId !== undefined) {
      sets.push('type_id = ?');
      values.push(patch.typeId);
    }
    if (patch.state !== undefined) {
      sets.push('state = ?');
      values.push(patch.state);
    }
    if (patch.attributes !== undefined) {
      sets.push('attributes = ?');
      values.push(JSON.stringify(patch.attributes));
    }
    if (sets.length) this.db.prepare(`UPDATE devices SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.getDevice(id);
  }

  async resolveDevices(refs: ExternalRef[], create: { groupId: number } | null) {
    const resolve = this.db.transaction(() => {
      const found = new Map<string, ResolvedDevice>();
      const lookup = this.db.prepare(
        `SELECT e.device_id, g.path FROM external_ids e JOIN devices d ON d.id = e.device_id
         JOIN groups g ON g.id = d.group_id WHERE e.vendor = ? AND e.external_id = ?`,
      );
      const groupPath = create
        ? this.row('SELECT path FROM groups WHERE id = ?', create.groupId)?.path
        : null;
      for (const ref of refs) {
        const key = externalKey(ref);
        if (found.has(key)) continue;
        const r = lookup.get(ref.vendor, ref.externalId) as Row | undefined;
        if (r) {
          found.set(key, { deviceId: Number(r.device_id), groupPath: String(r.path), created: false });
        } else if (create && groupPath != null) {
          const { lastInsertRowid } = this.db
            .prepare(`INSERT INTO devices (group_id, name, created_at) VALUES (?, ?, ?)`)
            .run(create.groupId, ref.name ?? ref.externalId, Date.now());
          this.db
            .prepare('INSERT INTO external_ids (vendor, external_id, device_id) VALUES (?, ?, ?)')
            .run(ref.vendor, ref.externalId, lastInsertRowid);
          found.set(key, { deviceId: Number(lastInsertRowid), groupPath: String(groupPath), created: true });
        }
      }
      return found;
    });
    return create ? resolve.immediate() : resolve();
  }

  async commit(batch: CommitBatch): Promise<CommitResult> {
    if (!this.commitStatements) throw new Error('storage used before migrate()');
    return commitBatch(this.db, this.commitStatements, batch);
  }

  async listPositions(query: TimeRangeQuery) {
    return listPositions(this.db, query);
  }
  async listMessages(query: TimeRangeQuery) {
    return listMessages(this.db, query);
  }
  async listEvents(query: EventQuery) {
    return listEvents(this.db, query);
  }
  async sync(query: SyncQuery): Promise<SyncPage> {
    return syncPage(this.db, query);
  }

  async createSource(input: NewSource): Promise<Source> {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO sources (group_id, vendor, kind, name, settings, unknown_devices, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.groupId,
        input.vendor,
        input.kind,
        input.name,
        JSON.stringify(input.settings ?? {}),
        input.unknownDevices ?? 'create',
        input.enabled === false ? 0 : 1,
        Date.now(),
      );
    return (await this.getSource(Number(lastInsertRowid)))!;
  }

  async getSource(id: number) {
    const r = this.row('SELECT * FROM sources WHERE id = ?', id);
    return r ? sourceFromRow(r) : null;
  }

  async listSources(scope: string) {
    return this.rows(
      `SELECT s.* FROM sources s JOIN groups g ON g.id = s.group_id WHERE g.path LIKE ? || '%' ORDER BY s.id`,
      scope,
    ).map(sourceFromRow);
  }

  async updateSource(id: number, patch: SourcePatch) {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
      keyof SourcePatch,
      unknown,
    ][];
    if (entries.length) {
      const sets = entries.map(([k]) => `${SOURCE_COLUMNS[k]} = ?`).join(', ');
      const values = entries.map(([k, v]) =>
        k === 'settings' ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v,
      );
      this.db.prepare(`UPDATE sources SET ${sets} WHERE id = ?`).run(...values, id);
    }
    return this.getSource(id);
  }

  async getDeriveState(deviceId: number, machine: string) {
    return derived.getDeriveState(this.db, deviceId, machine);
  }
  async saveDerived(changes: DerivedChange[]) {
    derived.saveDerived(this.db, changes);
  }
  async stopStartsBefore(deviceId: number, before: number, limit: number) {
    return derived.stopStartsBefore(this.db, deviceId, before, limit);
  }
  async stopResume(deviceId: number, startTime: number) {
    return derived.stopResume(this.db, deviceId, startTime);
  }
  async listTrips(query: SpanQuery) {
    return derived.listSpans(this.db, 'trips', query, tripFromRow);
  }
  async listStops(query: SpanQuery) {
    return derived.listSpans(this.db, 'stops', query, stopFromRow);
  }

  async createPlace(input: NewPlace) {
    return places.createPlace(this.db, input);
  }
  async getPlace(identifier: string, scope: string) {
    return places.getPlace(this.db, identifier, scope);
  }
  async listPlaces(query: PlaceQuery) {
    return places.listPlaces(this.db, query);
  }
  async updatePlace(identifier: string, scope: string, patch: PlacePatch) {
    return places.updatePlace(this.db, identifier, scope, patch);
  }
  async setPlaceArchived(identifier: string, scope: string, archivedAt: number | null) {
    return places.setPlaceArchived(this.db, identifier, scope, archivedAt);
  }
  async placesWatching(groupPath: string) {
    return places.placesWatching(this.db, groupPath);
  }

  async getRateStamp(key: string) {
    const v = this.db.prepare('SELECT last_request_at FROM rate_stamps WHERE key = ?').pluck().get(key);
    return v == null ? null : Number(v);
  }

  async setRateStamp(key: string, time: number) {
    this.db
      .prepare(
        `INSERT INTO rate_stamps (key, last_request_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at`,
      )
      .run(key, time);
  }

  async takeSourceLease(id: number, owner: string, ttlMs: number) {
    return coordination.takeSourceLease(this.db, id, owner, ttlMs);
  }
  async releaseSourceLease(id: number, owner: string) {
    coordination.releaseSourceLease(this.db, id, owner);
  }
  async sourceLeaseOwner(id: number) {
    return coordination.sourceLeaseOwner(this.db, id);
  }
  async claimRateSlot(key: string, spacingMs: number, now: number) {
    return coordination.claimRateSlot(this.db, key, spacingMs, now);
  }

  async createReceiverSecret(input: NewReceiverSecret) {
    return receiverSecrets.createReceiverSecret(this.db, input);
  }
  async findReceiverSecret(secretHash: string) {
    return receiverSecrets.findReceiverSecret(this.db, secretHash);
  }
  async listReceiverSecrets(sourceId: number) {
    return receiverSecrets.listReceiverSecrets(this.db, sourceId);
  }
  async revokeReceiverSecret(id: number, sourceId: number) {
    return receiverSecrets.revokeReceiverSecret(this.db, id, sourceId);
  }

  async createFeed(input: NewFeed) {
    return feeds.createFeed(this.db, input);
  }
  async getFeedByPublicId(feedId: string) {
    return feeds.getFeedByPublicId(this.db, feedId);
  }
  async listFeeds(scope: string) {
    return feeds.listFeeds(this.db, scope);
  }
  async deleteFeed(id: number, scope: string) {
    return feeds.deleteFeed(this.db, id, scope);
  }
  async listFeedEntries(query: FeedEntryQuery) {
    return feeds.listFeedEntries(this.db, query);
  }

  async enqueueDelivery(input: NewDelivery, now: number) {
    return deliveries.enqueueDelivery(this.db, input, now);
  }
  async claimDeliveries(owner: string, limit: number, claimMs: number, now: number) {
    return deliveries.claimDeliveries(this.db, owner, limit, claimMs, now);
  }
  async finishDelivery(id: number, owner: string, outcome: DeliveryOutcome, now: number) {
    return deliveries.finishDelivery(this.db, id, owner, outcome, now);
  }
  async updateDeviceType(id: number, patch: DeviceTypePatch) {
    return updateDeviceType(this.db, id, patch);
  }
  async createCallback(input: NewOutgoingCallback) {
    return callbacks.createCallback(this.db, input);
  }
  async getCallback(id: number) {
    return callbacks.getCallback(this.db, id);
  }
  async listCallbacks(query: { deviceTypeId?: number; groupId?: number }) {
    return callbacks.listCallbacks(this.db, query);
  }
  async updateCallback(id: number, patch: CallbackPatch) {
    return callbacks.updateCallback(this.db, id, patch);
  }
  async deleteCallback(id: number) {
    return callbacks.deleteCallback(this.db, id);
  }
  async listDeliveries(query: DeliveryQuery) {
    return callbacks.listDeliveries(this.db, query);
  }
  async getDelivery(id: number) {
    return deliveries.getDelivery(this.db, id);
  }

  async syncHead() {
    return consumers.syncHead(this.db);
  }
  async consumerCursor(name: string) {
    return consumers.consumerCursor(this.db, name);
  }
  async takeConsumerLease(name: string, owner: string, ttlMs: number) {
    return consumers.takeConsumerLease(this.db, name, owner, ttlMs);
  }
  async releaseConsumerLease(name: string, owner: string) {
    consumers.releaseConsumerLease(this.db, name, owner);
  }
  async saveConsumerCursor(name: string, owner: string, cursor: string) {
    return consumers.saveConsumerCursor(this.db, name, owner, cursor);
  }

  async purgeBefore(groupId: number, before: number, limit: number) {
    return retention.purgeBefore(this.db, groupId, before, limit);
  }
  /** A SQLite file has no partitions: retention deletes rows in batches. */
  async maintainPartitions(): Promise<string[]> {
    return [];
  }
  async dropPartitionsBefore(): Promise<string[]> {
    return [];
  }
}

const positionAliases = POSITION_COLUMNS.map((c) => `p.${c} AS p_${c}`).join(', ');
