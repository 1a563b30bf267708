import type { FastifyRequest } from 'fastify';
import type { DeliveryPayload } from '../../../callbacks/request.ts';
import type { StoredEvent } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { SILENT_EVENT } from '../status/keep-alive.ts';
import { nextPage, type PageParams } from './paging.ts';

/**
 * The document's status events, newest first: ERROR ("No message received since …", from keepAlive) per
 * device or device type, with the ERROR callbacks each one fired and their outcome.
 */
export async function statusEvents(
  storage: Storage,
  request: FastifyRequest,
  scope: string,
  filter: { deviceId?: number; deviceTypeId?: number },
  severity: 'ERROR' | 'WARN',
  p: PageParams,
) {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
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
      const a = e.attributes;
      if (a.severity !== severity) continue;
      if (filter.deviceTypeId != null && a.deviceTypeId !== String(filter.deviceTypeId)) continue;
      events.push(e);
    }
    cursor = page.next;
  } while (cursor);
  events.sort((a, b) => b.time - a.time || b.id - a.id);
  const slice = events.slice(p.offset, p.offset + p.limit);
  const data = [];
  for (const e of slice) {
    const a = e.attributes;
    data.push({
      deviceId: String(a.device),
      time: e.time,
      message: String(a.message),
      severity,
      deviceTypeId: String(a.deviceTypeId),
      callbacks: await eventCallbacks(storage, e),
    });
  }
  return { data, paging: nextPage(request, p, events.length > p.offset + p.limit) };
}

async function eventCallbacks(storage: Storage, e: StoredEvent) {
  const typeId = Number(e.attributes.deviceTypeId);
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
