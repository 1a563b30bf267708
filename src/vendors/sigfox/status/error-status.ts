import { queueCallback } from '../../../callbacks/enqueue.ts';
import type { StoredEvent } from '../../../model/records.ts';
import type { PipelineBatch } from '../../../pipeline/batch.ts';
import type { CommitHook } from '../../../pipeline/pipeline.ts';
import type { Storage } from '../../../storage/storage.ts';
import { sigfoxId } from '../facade/lookup.ts';

/** The hub's silence watcher raises it when a device outlives its threshold: the type's keepAlive here. */
export const SILENT_EVENT = 'device-silent';

/** "2013-10-08 15:36:21", the document's format of the time in the status message (UTC here). */
export function backendTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The document's ERROR status message for a silence event. */
export function silenceMessage(e: StoredEvent, keepAliveMinutes: number): string {
  const lastSeen = typeof e.attributes.lastSeen === 'string' ? Date.parse(e.attributes.lastSeen) : NaN;
  const since = Number.isFinite(lastSeen) ? lastSeen : e.time - keepAliveMinutes * 60_000;
  return `No message received since ${backendTime(since)}`;
}

/**
 * keepAlive, Sigfox's way: when a device of a type with a keepAlive falls silent (the hub's silence watcher
 * commits `device-silent` at last seen + keepAlive and sets the state KO), the type's ERROR callbacks fire with
 * `{device}`, `{time}`, `{severity}` ERROR and `{info}` "No message received since …".
 */
export function errorCallbacksOnSilence(storage: Storage): CommitHook {
  return async (batch: PipelineBatch) => {
    for (const item of batch.items) {
      const c = item.committed;
      if (c?.status !== 'accepted') continue;
      for (const e of c.events) {
        if (e.type !== SILENT_EVENT || e.deviceId == null) continue;
        const device = await storage.getDevice(e.deviceId);
        const type = device?.typeId == null ? null : await storage.getDeviceType(device.typeId);
        if (!device || !type || type.keepAlive <= 0) continue;
        const callbacks = (await storage.listCallbacks({ deviceTypeId: type.id })).filter(
          (cb) => cb.kind === 'error' && cb.enabled,
        );
        const vars = {
          device: sigfoxId(device),
          deviceTypeId: String(type.id),
          time: Math.floor(e.time / 1000),
          severity: 'ERROR',
          info: silenceMessage(e, type.keepAlive),
          // Not a template variable: ties the delivery to its event for the status lists.
          eventId: e.id,
        };
        for (const cb of callbacks) await queueCallback(storage, cb, vars, device.id, Date.now());
      }
    }
  };
}
