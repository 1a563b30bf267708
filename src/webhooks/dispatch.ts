import type { Device, StoredEvent } from '../model/records.ts';
import { CommitFollower, type CommitFollowerOptions } from '../pipeline/commit-follower.ts';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Storage, SyncRecord } from '../storage/storage.ts';
import { RETRACTED } from '../model/retraction.ts';
import { eventDedupeKey, queueWebhook } from './queue.ts';
import { isWebhook, webhookOf } from './webhook.ts';

export const WEBHOOK_CONSUMER = 'webhooks';

/**
 * Event webhooks as a consumer of the commit order: each committed event is matched against the webhooks of its
 * group and the groups above, and queued once per webhook (by the event's id, so a page handled again after a
 * crash queues nothing new; an event derived again unchanged keeps its id and is not committed again). Dead or
 * disabled webhooks get nothing queued until they are re-enabled.
 */
export function webhookFollower(
  storage: Storage,
  onQueued: () => void,
  options: Omit<CommitFollowerOptions, 'storage' | 'name' | 'handle'> = {},
): CommitFollower {
  return new CommitFollower({
    ...options,
    storage,
    name: WEBHOOK_CONSUMER,
    kinds: ['event'],
    handle: dispatchEvents(storage, onQueued),
  });
}

export function dispatchEvents(storage: Storage, onQueued: () => void) {
  return async (records: SyncRecord[]): Promise<void> => {
    const events = records.flatMap((r) => (r.kind === 'event' ? [r.record] : []));
    if (!events.length) return;
    const webhooks = (await storage.listCallbacks({})).filter((c) => isWebhook(c) && c.enabled && !c.dead);
    if (!webhooks.length) return;
    // Read once per page: the groups and devices the page's events name.
    const paths = new Map<number, string | null>();
    const pathOf = async (groupId: number) => {
      if (!paths.has(groupId)) paths.set(groupId, (await storage.getGroup(groupId))?.path ?? null);
      return paths.get(groupId)!;
    };
    const devices = new Map<number, Device | null>();
    const deviceOf = async (id: number) => {
      if (!devices.has(id)) devices.set(id, await storage.getDevice(id));
      return devices.get(id)!;
    };
    let queued = 0;
    const now = Date.now();
    for (const event of events) {
      const path = await pathOf(event.groupId);
      const device = event.deviceId == null ? null : await deviceOf(event.deviceId);
      for (const callback of webhooks) {
        if (!(await matches(callback, event, path, device, pathOf))) continue;
        const occurrence = { event, deviceName: device?.name ?? null };
        await queueWebhook(storage, callback, occurrence, eventDedupeKey(event), now);
        queued++;
      }
    }
    if (queued) onQueued();
  };
}

async function matches(
  callback: OutgoingCallback,
  event: StoredEvent,
  path: string | null,
  device: Device | null,
  pathOf: (groupId: number) => Promise<string | null>,
): Promise<boolean> {
  const w = webhookOf(callback);
  if (w.eventTypes && !w.eventTypes.includes(event.type) && !retractsOneOf(event, w.eventTypes)) return false;
  if (w.deviceIds && (event.deviceId == null || !w.deviceIds.includes(event.deviceId))) return false;
  if (w.deviceTypeId != null && device?.typeId !== w.deviceTypeId) return false;
  const own = await pathOf(w.groupId);
  return path != null && own != null && path.startsWith(own);
}

/** A webhook sent an event also hears of its retraction, so that it can take the event back. */
function retractsOneOf(event: StoredEvent, types: readonly string[]): boolean {
  return event.type === RETRACTED && types.includes(String(event.attributes.type));
}
