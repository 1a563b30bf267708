import { externalKey, type ExternalRef, type Storage } from '../storage/storage.ts';
import { pending, reject, type Stage } from './batch.ts';

/**
 * Turns each record's device reference into a device id. Unknown external identities are created in the
 * sender's group unless its policy rejects them; a device outside the sender's scope is treated as unknown, so
 * a caller cannot learn which ids exist elsewhere.
 */
export function resolveDevices(storage: Storage): Stage {
  return {
    name: 'resolve-devices',
    async run(batch) {
      const { context } = batch;
      // Derivation names devices it knows, anywhere; a sender is held to its scope and its creation policy.
      const scopePath = context.origin === 'derivation' ? '/' : context.scopePath;
      const items = pending(batch);
      const refs: ExternalRef[] = [];
      for (const { record } of items) if (!('deviceId' in record.device)) refs.push(record.device);
      const create =
        context.origin !== 'derivation' && context.unknownDevices === 'create'
          ? { groupId: context.groupId }
          : null;
      const found = refs.length ? await storage.resolveDevices(refs, create) : new Map();
      const pathById = new Map<number, string | null>();
      for (const item of items) {
        const ref = item.record.device;
        if ('deviceId' in ref) {
          if (!pathById.has(ref.deviceId)) {
            const device = await storage.getDevice(ref.deviceId);
            const group = device && (await storage.getGroup(device.groupId));
            pathById.set(ref.deviceId, group?.path.startsWith(scopePath) ? group.path : null);
          }
          const path = pathById.get(ref.deviceId);
          if (!path) {
            reject(item, 'DEVICE_NOT_FOUND', `device ${ref.deviceId} does not exist`);
          } else {
            item.resolved = { ...item.record, deviceId: ref.deviceId };
            item.groupPath = path;
          }
          continue;
        }
        const device = found.get(externalKey(ref));
        if (!device || (!device.groupPath.startsWith(scopePath) && !create)) {
          // Another group's device is answered exactly as one that does not exist: its id cannot be probed.
          reject(
            item,
            'UNKNOWN_DEVICE',
            `no device ${ref.vendor}:${ref.externalId}, and this group does not create them`,
          );
        } else if (!device.groupPath.startsWith(scopePath)) {
          // Where unknown devices are created, the refusal itself shows that the id is taken (external ids are
          // unique in the hub, see docs/api.md); it names nothing of the device or its group.
          reject(item, 'DEVICE_NOT_FOUND', `no device ${ref.vendor}:${ref.externalId} in your groups`);
        } else {
          item.resolved = { ...item.record, deviceId: device.deviceId };
          item.groupPath = device.groupPath;
        }
      }
    },
  };
}
