import { LRUCache } from 'lru-cache';
import type { Group } from '../model/records.ts';
import type { DeviceSettings, Storage } from '../storage/storage.ts';
import { PlaceIndex, shapeOf } from './place-index.ts';
import { resolveRules, type DeriveRules } from './rules.ts';

export interface DeviceContext {
  device: DeviceSettings;
  groupPath: string;
  rules: DeriveRules;
  places: PlaceIndex;
}

/** Devices whose context is kept; past this the least recently used is dropped (a fleet's worth and more). */
const DEVICES_KEPT = 20_000;
/** Groups (their ancestors' rules, their places) kept; past this the least recently used is dropped. */
const GROUPS_KEPT = 2_000;

interface GroupContext {
  path: string;
  /** `attributes.derive` of each group from the root down. */
  overrides: unknown[];
  places: Awaited<ReturnType<Storage['placesWatching']>>;
  /** Place indexes by place margin: devices of the group with other rules share the places, not the boxes. */
  indexes: Map<number, PlaceIndex>;
}

/**
 * What derivation needs to know about a device: its rules (defaults, then `attributes.derive` of each group from
 * the root down, then the device's) and the places watching it. Cached for `ttlMs` so that ingest does not read
 * devices, groups and places on every batch: a group's ancestors and places are read once for all its devices,
 * and both caches are bounded in size. The places API calls `invalidate()` so a new place counts at once here,
 * and other processes sharing the database see it within `ttlMs`.
 */
export class ContextCache {
  private readonly devices: LRUCache<number, Promise<DeviceContext | null>>;
  private readonly groups: LRUCache<number, Promise<GroupContext | null>>;

  constructor(
    private readonly storage: Storage,
    ttlMs = 30_000,
  ) {
    // An entry lives `ttlMs` from when it was loaded, however often it is read.
    this.devices = new LRUCache({ max: DEVICES_KEPT, ttl: ttlMs });
    this.groups = new LRUCache({ max: GROUPS_KEPT, ttl: ttlMs });
  }

  invalidate(): void {
    this.devices.clear();
    this.groups.clear();
  }

  async get(deviceId: number): Promise<DeviceContext | null> {
    return (await this.getMany([deviceId])).get(deviceId) ?? null;
  }

  /** The contexts of these devices (those that exist), reading the devices not cached in one query. */
  async getMany(deviceIds: Iterable<number>): Promise<Map<number, DeviceContext>> {
    const pending = new Map<number, Promise<DeviceContext | null>>();
    const missing: number[] = [];
    for (const id of deviceIds) {
      const hit = this.devices.get(id);
      if (hit) pending.set(id, hit);
      else missing.push(id);
    }
    if (missing.length) {
      const settings = this.storage.deviceSettings(missing);
      for (const id of missing) {
        const context = settings.then((found) => this.load(found.get(id)));
        this.devices.set(id, context);
        context.catch(() => this.devices.delete(id));
        pending.set(id, context);
      }
    }
    const found = new Map<number, DeviceContext>();
    for (const [id, context] of pending) {
      const c = await context;
      if (c) found.set(id, c);
    }
    return found;
  }

  private async load(device: DeviceSettings | undefined): Promise<DeviceContext | null> {
    if (!device) return null;
    const group = await this.group(device.groupId);
    if (!group) return null;
    const rules = resolveRules([...group.overrides, device.attributes.derive]);
    let places = group.indexes.get(rules.placeMargin);
    if (!places) {
      places = new PlaceIndex(group.places.map((p) => shapeOf(p, rules.placeMargin)));
      group.indexes.set(rules.placeMargin, places);
    }
    return { device, groupPath: group.path, rules, places };
  }

  private group(groupId: number): Promise<GroupContext | null> {
    const hit = this.groups.get(groupId);
    if (hit) return hit;
    const context = this.loadGroup(groupId);
    this.groups.set(groupId, context);
    context.catch(() => this.groups.delete(groupId));
    return context;
  }

  private async loadGroup(groupId: number): Promise<GroupContext | null> {
    const group = await this.storage.getGroup(groupId);
    if (!group) return null;
    const ancestorIds = group.path.split('/').filter(Boolean).map(Number);
    const ancestors = await Promise.all(
      ancestorIds.map((id): Promise<Group | null> =>
        id === group.id ? Promise.resolve(group) : this.storage.getGroup(id),
      ),
    );
    return {
      path: group.path,
      overrides: ancestors.map((g) => g?.attributes.derive),
      places: await this.storage.placesWatching(group.path),
      indexes: new Map(),
    };
  }
}
