import type { FastifyRequest } from 'fastify';
import type { DeliveryPayload } from '../../../callbacks/request.ts';
import type { StoredEvent } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { SILENT_EVENT, silenceMessage } from '../status/error-status.ts';
import { sigfoxId } from './lookup.ts';
import { nextPage, type PageParams } from './paging.ts';

/**
 * The document's status events, newest first: ERROR ("No message received since …", the keepAlive silences)
 * per device or device type, with the ERROR callbacks each one fired and their outcome.
 */
export async function statusEvents(
  storage: Storage,
  request: FastifyRequest,
  scope: string,
  filter: { deviceId?: number; deviceTypeId?: number },
  severity: 'ERROR' | 'WARN',
  p: PageParams,
) {
  const events: { e: StoredEvent; device: string; typeId: number; keepAlive: number }[] = [];
  // ERROR events are the silences of devices whose type has a keepAlive; Trackway raises no WARN events.
  const types = new Map<number, number>();
  let cursor: string | null = null;
  do {
    if (severity === 'WARN') break;
    const page = await storage.listEvents({
      scope,
      deviceId: filter.deviceId,
      types: [SILENT_EVENT],
      from: p.since ?? undefined,
      to: p.before ?? undefined,
      cursor,
      limit: 1000,
    });
    for (const e of page.items) {
      const device = e.deviceId == null ? null : await storage.getDevice(e.deviceId);
      if (device?.typeId == null) continue;
      if (filter.deviceTypeId != null && device.typeId !== filter.deviceTypeId) continue;
      if (!types.has(device.typeId))
        types.set(device.typeId, (await storage.getDeviceType(device.typeId))?.keepAlive ?? 0);
      const keepAlive = types.get(device.typeId)!;
      if (keepAlive > 0) events.push({ e, device: sigfoxId(device), typeId: device.typeId, keepAlive });
    }
    cursor = page.next;
  } while (cursor);
  events.sort((a, b) => b.e.time - a.e.time || b.e.id - a.e.id);
  const slice = events.slice(p.offset, p.offset + p.limit);
  const data = [];
  for (const { e, device, typeId, keepAlive } of slice) {
    data.push({
      deviceId: device,
      time: e.time,
      message: silenceMessage(e, keepAlive),
      severity,
      deviceTypeId: String(typeId),
      callbacks: await eventCallbacks(storage, e, typeId),
    });
  }
  return { data, ...nextPage(request, p, events.length > p.offset + p.limit) };
}

async function eventCallbacks(storage: Storage, e: StoredEvent, typeId: number) {
  const ids = (await storage.listCallbacks({ deviceTypeId: typeId }))
    .filter((c) => c.kind === 'error')
    .map((c) => c.id);
  const deliveries = await storage.listDeliveries({
    callbackIds: ids,
    deviceId: e.deviceId ?? undefined,
    limit: 100,
  });
  return deliveries
    .map((d) => ({ d, p: JSON.parse(d.payload) as DeliveryPayload }))
    .filter(({ p }) => p.parameters.eventId === e.id)
    .map(({ d, p }) => {
      // "status: present only if the response has already been processed … 600 if an other error occurred".
      const done = d.status !== 'pending' || d.attempts > 0;
      const status = done
        ? d.status === 'delivered'
          ? (d.lastStatus ?? 200)
          : (d.lastStatus ?? 600)
        : undefined;
      const info = done && d.lastReason ? { info: d.lastReason } : {};
      if (p.request.channel === 'email') {
        return { subject: p.request.subject, message: p.request.message, ...(status ? { status } : {}) };
      }
      return { url: p.request.url, ...(status ? { status } : {}), ...info };
    });
}
