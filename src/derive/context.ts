import type { Device } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import { shapeOf, type PlaceShape } from './place-machine.ts';
import { resolveRules, type DeriveRules } from './rules.ts';

export interface DeviceContext {
  device: Device;
  groupPath: string;
  rules: DeriveRules;
  shapes: PlaceShape[];
}

/**
 * What derivation needs to know about a device: its rules (defaults, then `attributes.derive` of each group from
 * the root down, then the device's) and the places watching it. Cached for `ttlMs` so that ingest does not read
 * groups and places on every batch; the places API calls `invalidate()` so a new place counts at once here, and
 * other processes sharing the database see it within `ttlMs`.
 */
export class ContextCache {
  private readonly cache = new Map<number, { at: number; context: Promise<DeviceContext | null> }>();

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 30_000,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  get(deviceId: number): Promise<DeviceContext | null> {
    const hit = this.cache.get(deviceId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.context;
    const context = this.load(deviceId);
    this.cache.set(deviceId, { at: Date.now(), context });
    context.catch(() => this.cache.delete(deviceId));
    return context;
  }

  private async load(deviceId: number): Promise<DeviceContext | null> {
    const device = await this.storage.getDevice(deviceId);
    if (!device) return null;
    const group = await this.storage.getGroup(device.groupId);
    if (!group) return null;
    const ancestorIds = group.path.split('/').filter(Boolean).map(Number);
    const groups = await Promise.all(ancestorIds.map((id) => this.storage.getGroup(id)));
    const rules = resolveRules([...groups.map((g) => g?.attributes.derive), device.attributes.derive]);
    const places = await this.storage.placesWatching(group.path);
    return {
      device,
      groupPath: group.path,
      rules,
      shapes: places.map((p) => shapeOf(p, rules.placeMargin)),
    };
  }
}
