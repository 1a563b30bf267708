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
      const ids = new Set<number>();
      for (const { record } of items) {
        if ('deviceId' in record.device) ids.add(record.device.deviceId);
        else refs.push(record.device);
      }
      const create =
        context.origin !== 'derivation' && context.unknownDevices === 'create'
          ? { groupId: context.groupId }
          : null;
      const found = refs.length ? await storage.resolveDevices(refs, create) : new Map();
      // Devices named by id (derived events name many) are looked up in one query.
      const pathById = ids.size ? await storage.devicePaths([...ids]) : new Map<number, string>();
      for (const item of items) {
        const ref = item.record.device;
        if ('deviceId' in ref) {
          const path = pathById.get(ref.deviceId);
          if (!path?.startsWith(scopePath)) {
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
