import type { Source } from '../model/records.ts';
import { externalKey, type Storage } from '../storage/storage.ts';
import type { DeviceInfo } from './connector.ts';

/**
 * Stores what a connector learnt about its devices. The name is given only at creation, so that a device renamed
 * in Trackway keeps its name; attributes change key by key and only when they differ, so that a periodic listing
 * of unchanged devices writes nothing.
 */
export async function applyDeviceInfo(storage: Storage, source: Source, infos: DeviceInfo[]): Promise<void> {
  if (!infos.length) return;
  const create = source.unknownDevices === 'create' ? { groupId: source.groupId } : null;
  const group = await storage.getGroup(source.groupId);
  if (!group) return;
  const found = await storage.resolveDevices(
    infos.map((i) => ({ vendor: i.vendor, externalId: i.externalId, name: i.name })),
    create,
  );
  for (const info of infos) {
    const resolved = found.get(externalKey(info));
    // A device of another group with the same identity is not this source's to describe.
    if (!resolved || !resolved.groupPath.startsWith(group.path)) continue;
    const device = await storage.getDevice(resolved.deviceId);
    if (!device) continue;
    const attributes = { ...device.attributes };
    for (const [key, value] of Object.entries(info.attributes)) {
      if (value === null) delete attributes[key];
      else attributes[key] = value;
    }
    if (JSON.stringify(attributes) !== JSON.stringify(device.attributes)) {
      await storage.updateDevice(device.id, { attributes });
    }
  }
}
