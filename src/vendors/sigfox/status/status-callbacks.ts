import { queueCallback } from '../../../callbacks/enqueue.ts';
import type { Device, DeviceType, StoredEvent } from '../../../model/records.ts';
import type { PipelineBatch } from '../../../pipeline/batch.ts';
import type { CommitHook } from '../../../pipeline/pipeline.ts';
import type { OutgoingCallback } from '../../../storage/callbacks.ts';
import type { Storage } from '../../../storage/storage.ts';
import { sigfoxId } from '../facade/lookup.ts';
import { backendTime, BACK_EVENT, SILENT_EVENT, silenceMessage } from './error-status.ts';

/**
 * A device's status changes, the Sigfox way, from the hub's silence watcher (it commits `device-silent` at last
 * seen + the type's keepAlive and `device-back` with the next message): a silence fires the type's ERROR
 * callbacks and SERVICE STATUS callbacks (the document: "STATUS callback sending information about the status of
 * a device") with `{severity}` ERROR and `{info}` "No message received since …"; the return fires the STATUS
 * callbacks with `{severity}` OK. Only types with a keepAlive: the document knows no status without one.
 */
export function statusCallbacks(storage: Storage): CommitHook {
  return async (batch: PipelineBatch) => {
    for (const item of batch.items) {
      const c = item.committed;
      if (c?.status !== 'accepted') continue;
      for (const e of c.events) {
        if ((e.type !== SILENT_EVENT && e.type !== BACK_EVENT) || e.deviceId == null) continue;
        const device = await storage.getDevice(e.deviceId);
        const type = device?.typeId == null ? null : await storage.getDeviceType(device.typeId);
        if (!device || !type || type.keepAlive <= 0) continue;
        const silent = e.type === SILENT_EVENT;
        const callbacks = (await storage.listCallbacks({ deviceTypeId: type.id })).filter(
          (cb) =>
            cb.enabled && (cb.kind === 'error' ? silent : cb.kind === 'service' && cb.subtype === 'status'),
        );
        await queueAll(storage, callbacks, device, statusVariables(e, device, type, silent));
      }
    }
  };
}

function statusVariables(e: StoredEvent, device: Device, type: DeviceType, silent: boolean) {
  return {
    device: sigfoxId(device),
    deviceTypeId: String(type.id),
    time: Math.floor(e.time / 1000),
    severity: silent ? 'ERROR' : 'OK',
    info: silent ? silenceMessage(e, type.keepAlive) : `Message received again at ${backendTime(e.time)}`,
    // Not a template variable: ties the delivery to its event for the status lists.
    eventId: e.id,
  };
}

async function queueAll(
  storage: Storage,
  callbacks: OutgoingCallback[],
  device: Device,
  vars: ReturnType<typeof statusVariables>,
) {
  for (const cb of callbacks) await queueCallback(storage, cb, vars, device.id, Date.now());
}
