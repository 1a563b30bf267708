import type { Device } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import type { EmitEvents } from './deriver.ts';

const PAGE = 500;

/**
 * Silence alarms: a device not heard from for its threshold gets `device-silent` (timed at the moment the threshold
 * passed) and the state `silent`; the next record it sends raises `device-back`. The threshold, in minutes, is the
 * device's `attributes.silenceMinutes`, else its device type's keepAlive, else the nearest group's
 * `attributes.silenceMinutes`; 0 or none means no silence alarm.
 */
export class SilenceWatcher {
  private silent = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly emit: EmitEvents,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Checks every `everyMs`; the first check runs at once, so devices silent across a restart are caught. */
  start(everyMs = 60_000): void {
    const run = () => {
      this.running ??= this.check(Date.now())
        .catch(this.onError)
        .finally(() => (this.running = null));
    };
    run();
    this.timer = setInterval(run, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over every device. */
  async check(now: number): Promise<void> {
    const silent = new Set<number>();
    const types = new Map<number, number>();
    const groups = new Map<number, number>();
    let cursor: string | null = null;
    for (let pages = 0; pages < 1_000_000; pages++) {
      const page = await this.storage.listDevices({ scope: '/', cursor, limit: PAGE });
      for (const device of page.items) {
        if (device.state === 'silent') {
          silent.add(device.id);
          continue;
        }
        if (device.state !== 'ok' || device.lastSeen == null) continue;
        const minutes = await this.threshold(device, types, groups);
        if (minutes <= 0 || now - device.lastSeen < minutes * 60_000) continue;
        await this.storage.updateDevice(device.id, { state: 'silent' });
        await this.emit([
          {
            deviceId: device.id,
            events: [
              {
                type: 'device-silent',
                time: device.lastSeen + minutes * 60_000,
                attributes: { lastSeen: new Date(device.lastSeen).toISOString(), thresholdMinutes: minutes },
              },
            ],
          },
        ]);
        silent.add(device.id);
      }
      cursor = page.next;
      if (!cursor) break;
    }
    this.silent = silent;
  }

  /** Called after a commit with the devices it heard from. */
  async heard(deviceIds: number[], time: number): Promise<void> {
    for (const id of deviceIds) {
      if (!this.silent.delete(id)) continue;
      await this.storage.updateDevice(id, { state: 'ok' });
      await this.emit([{ deviceId: id, events: [{ type: 'device-back', time, attributes: {} }] }]);
    }
  }

  private async threshold(device: Device, types: Map<number, number>, groups: Map<number, number>) {
    const own = minutesOf(device.attributes.silenceMinutes);
    if (own != null) return own;
    if (device.typeId != null) {
      if (!types.has(device.typeId))
        types.set(device.typeId, (await this.storage.getDeviceType(device.typeId))?.keepAlive ?? 0);
      const keepAlive = types.get(device.typeId)!;
      if (keepAlive > 0) return keepAlive;
    }
    if (!groups.has(device.groupId)) groups.set(device.groupId, await this.groupThreshold(device.groupId));
    return groups.get(device.groupId)!;
  }

  /** The nearest group, from the device's up to the root, that sets `silenceMinutes`. */
  private async groupThreshold(groupId: number): Promise<number> {
    const group = await this.storage.getGroup(groupId);
    if (!group) return 0;
    const ids = group.path.split('/').filter(Boolean).map(Number).reverse();
    for (const id of ids) {
      const g = id === group.id ? group : await this.storage.getGroup(id);
      const minutes = minutesOf(g?.attributes.silenceMinutes);
      if (minutes != null) return minutes;
    }
    return 0;
  }
}

const minutesOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
