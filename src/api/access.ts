import { inScope, type Principal } from './auth.ts';
import type { HubContext } from './context.ts';
import { ApiError } from './errors.ts';

// What a caller may reach: one helper per entity, answering 404 (never 403) for what lies outside the caller's
// subtree, so that other groups' ids cannot be told from ids that do not exist.

/** A group the caller may see, or 404. */
export async function scopedGroup(hub: HubContext, principal: Principal, id: number) {
  const group = await hub.storage.getGroup(id);
  if (!group || !inScope(principal, group.path)) throw new ApiError('GROUP_NOT_FOUND', `no group ${id}`);
  return group;
}

/** A device type the caller may see, or 404. */
export async function scopedDeviceType(hub: HubContext, principal: Principal, id: number) {
  const type = await hub.storage.getDeviceType(id);
  const group = type && (await hub.storage.getGroup(type.groupId));
  if (!type || !group || !inScope(principal, group.path)) {
    throw new ApiError('DEVICE_TYPE_NOT_FOUND', `no device type ${id}`);
  }
  return type;
}

/** A device the caller may see, or 404 (also for devices of other groups: their existence is not revealed). */
export async function scopedDevice(hub: HubContext, principal: Principal, id: number) {
  const device = await hub.storage.getDevice(id);
  const group = device && (await hub.storage.getGroup(device.groupId));
  if (!device || !group || !inScope(principal, group.path))
    throw new ApiError('DEVICE_NOT_FOUND', `no device ${id}`);
  return device;
}
