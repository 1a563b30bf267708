import { queueCallback } from '../../../callbacks/enqueue.ts';
import type { PipelineBatch } from '../../../pipeline/batch.ts';
import type { CommitHook } from '../../../pipeline/pipeline.ts';
import type { OutgoingCallback } from '../../../storage/callbacks.ts';
import type { Storage } from '../../../storage/storage.ts';
import { ACKNOWLEDGE, VENDOR } from '../receiver/to-record.ts';
import type { SigfoxCallbackConfig } from './definition.ts';
import { acknowledgeVariables, messageVariables } from './variables.ts';

/**
 * After a commit, queues the DATA callbacks of each new message's device type: UPLINK ones for plain uplinks,
 * BIDIR ones for messages that asked for a downlink; a message the network flagged duplicate only goes to
 * callbacks with sendDuplicate (the document's callback fields). A new acknowledge of a downlink (the network's
 * ACKNOWLEDGE callback, stored as its own message) goes to the SERVICE ACKNOWLEDGE callbacks.
 */
export function dispatchDataCallbacks(storage: Storage, onQueued?: () => void): CommitHook {
  return async (batch: PipelineBatch) => {
    const typeCallbacks = new Map<number, OutgoingCallback[]>();
    const callbackMode = new Map<number, boolean>();
    let queued = 0;
    // A device the network just introduced gets its source's device type right after this commit.
    const sourceId = batch.context.origin === 'derivation' ? null : batch.context.sourceId;
    const source = sourceId == null ? null : await storage.getSource(sourceId);
    const sourceType = source?.vendor === VENDOR ? Number(source.settings.deviceTypeId) || null : null;
    for (const item of batch.items) {
      const c = item.committed;
      // Only Sigfox messages (received or pulled): other sources' batches cost nothing here.
      const ref = item.record.device;
      if (!('vendor' in ref) || ref.vendor !== VENDOR) continue;
      const acknowledge = c?.status === 'accepted' && c.message?.messageType === ACKNOWLEDGE;
      if (c?.status !== 'accepted' || !c.message || (c.message.payload == null && !acknowledge)) continue;
      const device = await storage.getDevice(c.deviceId);
      const typeId = device?.typeId ?? sourceType;
      if (!device || typeId == null) continue;
      if (!typeCallbacks.has(typeId)) {
        typeCallbacks.set(typeId, await storage.listCallbacks({ deviceTypeId: typeId }));
      }
      const kind = acknowledge ? 'service' : 'data';
      const subtype = acknowledge ? 'acknowledge' : c.message.messageType === 'BIDIR' ? 'bidir' : 'uplink';
      const sigfoxId =
        device.externalIds.find((e) => e.vendor === VENDOR)?.externalId ?? device.externalIds[0]?.externalId;
      if (!callbackMode.has(typeId)) {
        callbackMode.set(typeId, (await storage.getDeviceType(typeId))?.downlinkMode === 'callback');
      }
      for (const cb of typeCallbacks.get(typeId)!) {
        const config = cb.config as SigfoxCallbackConfig;
        if (!cb.enabled || cb.kind !== kind || cb.subtype !== subtype) continue;
        // In callback downlink mode the selected downlink callback was already called, for its answer.
        if (config.downlinkHook && callbackMode.get(typeId)) continue;
        if (c.message.duplicate && !config.sendDuplicate) continue;
        const id = sigfoxId ?? String(device.id);
        const vars = acknowledge
          ? acknowledgeVariables(c.message, id, device.typeId)
          : messageVariables(c.message, id, device.typeId, config.payloadConfig);
        await queueCallback(storage, cb, vars, device.id, Date.now());
        queued++;
      }
    }
    if (queued) onQueued?.();
  };
}
