import type { Device, DeviceType, StoredMessage } from '../../../model/records.ts';
import { externalKey, type Storage } from '../../../storage/storage.ts';
import { sigfoxDeviceId } from '../device-id.ts';
import { VENDOR } from '../receiver/to-record.ts';
import type { SigfoxCaller } from './auth.ts';
import { notFound } from './errors.ts';

/**
 * A device type by the id this facade shows; 404 when absent, and the same 404 when it belongs outside the
 * caller's groups, so that ids of other groups cannot be probed.
 */
export async function scopedType(storage: Storage, caller: SigfoxCaller, id: string): Promise<DeviceType> {
  const type = /^\d+$/.test(id) ? await storage.getDeviceType(Number(id)) : null;
  if (!type) throw notFound(`no device type ${id}`);
  const group = await storage.getGroup(type.groupId);
  if (!group?.path.startsWith(caller.scope)) throw notFound(`no device type ${id}`);
  return type;
}

/** A device by its Sigfox id; 404 alike for an unknown device and one outside the caller's groups. */
export async function scopedDevice(storage: Storage, caller: SigfoxCaller, hexId: string): Promise<Device> {
  const ref = { vendor: VENDOR, externalId: sigfoxDeviceId(hexId) };
  const found = (await storage.resolveDevices([ref], null)).get(externalKey(ref));
  const device = found && (await storage.getDevice(found.deviceId));
  if (!found || !device || !found.groupPath.startsWith(caller.scope)) throw notFound(`no device ${hexId}`);
  return device;
}

/** The Sigfox id of a device (its external id), or its Trackway id when it has none. */
export function sigfoxId(device: Device): string {
  return device.externalIds.find((e) => e.vendor === VENDOR)?.externalId ?? String(device.id);
}

/** Every device of a type in the caller's groups, in id order. */
export async function devicesOfType(storage: Storage, scope: string, typeId: number): Promise<Device[]> {
  const out: Device[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listDevices({ scope, cursor, limit: 1000 });
    out.push(...page.items.filter((d) => d.typeId === typeId));
    cursor = page.next;
  } while (cursor);
  return out;
}

/**
 * Newest-first messages of a device in [since, before), duplicates receptions left out (the backend lists a
 * message once), enough for `need` of them.
 */
export async function recentMessages(
  storage: Storage,
  deviceId: number,
  range: { since: number | null; before: number | null },
  need: number,
): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listMessages({
      deviceId,
      from: range.since ?? undefined,
      to: range.before ?? undefined,
      order: 'desc',
      cursor,
      limit: Math.min(1000, need + 50),
    });
    for (const m of page.items) if (!m.duplicate && out.length < need) out.push(m);
    cursor = page.next;
  } while (cursor && out.length < need);
  return out;
}
