import {
  SigfoxEmptyList,
  SigfoxFailedCallback,
  SigfoxGroup,
  SigfoxPage,
  SigfoxRedundancy,
  SigfoxUser,
  answers,
} from './schemas.ts';
import type { App } from '../../../api/app.ts';
import type { DeliveryPayload } from '../../../callbacks/request.ts';
import type { Delivery } from '../../../storage/deliveries.ts';
import { callerOf, type FacadeHub } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import { scopedDevice, scopedType } from './lookup.ts';
import { nextPage, pageParams } from './paging.ts';
import { presentGroup, presentUser } from './presenters.ts';
import { redundancy } from './redundancy.ts';

const MONTH = 30 * 86_400_000;

export const miscRoutes = (hub: FacadeHub) => async (app: App) => {
  const { storage } = hub;

  app.get('/groups', answers(SigfoxPage(SigfoxGroup)), async (request) => {
    const caller = callerOf(request);
    const q = request.query as Record<string, string>;
    const parent = q.parentId ? await storage.getGroup(Number(q.parentId)) : caller.group;
    // Another group's id is answered as an unknown one, so that ids cannot be probed.
    if (!parent || !/^\d+$/.test(q.parentId ?? '0') || !parent.path.startsWith(caller.scope))
      throw notFound(`no group ${q.parentId}`);
    const p = pageParams(request, 'ms');
    const children = (await storage.listGroups(parent.path)).filter((g) => g.parentId === parent.id);
    const data = children.slice(p.offset, p.offset + p.limit).map(presentGroup);
    return { data, ...nextPage(request, p, children.length > p.offset + p.limit) };
  });

  app.get<{ Params: { id: string } }>('/groups/:id', answers(SigfoxGroup), async (request) => {
    const caller = callerOf(request);
    const g = /^\d+$/.test(request.params.id) ? await storage.getGroup(Number(request.params.id)) : null;
    if (!g?.path.startsWith(caller.scope)) throw notFound(`no group ${request.params.id}`);
    return presentGroup(g);
  });

  // Deprecated path of the document, still answered.
  app.get('/geoloc-config/list', answers(SigfoxEmptyList), async () => []);

  app.get('/callbacks/messages/error', answers(SigfoxPage(SigfoxFailedCallback)), async (request) => {
    const caller = callerOf(request);
    const q = request.query as Record<string, string>;
    const p = pageParams(request, 'ms');
    const since = p.since ?? Date.now() - MONTH;
    let deviceId: number | undefined;
    let callbacks;
    if (q.hexId) {
      const d = await scopedDevice(storage, caller, q.hexId);
      deviceId = d.id;
      callbacks = d.typeId == null ? [] : await storage.listCallbacks({ deviceTypeId: d.typeId });
    } else if (q.deviceTypeId) {
      callbacks = await storage.listCallbacks({
        deviceTypeId: (await scopedType(storage, caller, q.deviceTypeId)).id,
      });
    } else {
      const group = q.groupId ? await storage.getGroup(Number(q.groupId)) : caller.group;
      if (!group?.path.startsWith(caller.scope))
        throw badRequest(`groupId: ${q.groupId} is not one of your groups`);
      callbacks = (
        await Promise.all(
          (await storage.listGroups(group.path)).map((g) => storage.listCallbacks({ groupId: g.id })),
        )
      ).flat();
    }
    const byId = new Map(callbacks.filter((c) => c.deviceTypeId != null).map((c) => [c.id, c]));
    const failed: Delivery[] = [];
    for (const status of ['failed', 'pending'] as const) {
      const rows = await storage.listDeliveries({
        callbackIds: [...byId.keys()],
        status,
        deviceId,
        from: since,
        to: p.before ?? undefined,
        limit: 5000 + p.limit,
      });
      // A pending delivery counts once an attempt has failed (it waits for its retry).
      failed.push(...rows.filter((d) => status === 'failed' || d.lastReason != null));
    }
    failed.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    const data = failed.slice(p.offset, p.offset + p.limit).map((d) => {
      const payload = JSON.parse(d.payload) as DeliveryPayload;
      const v = payload.parameters;
      const r = payload.request;
      const callback =
        r.channel === 'email'
          ? { subject: r.subject, message: r.message }
          : r.channel === 'batch-url'
            ? { url: r.url }
            : {
                url: r.url,
                ...(Object.keys(r.headers).length ? { headers: r.headers } : {}),
                method: r.method,
                ...(r.body != null ? { body: r.body, contentType: r.contentType } : {}),
              };
      return {
        device: String(v.device ?? ''),
        deviceType: String(byId.get(d.callbackId)!.deviceTypeId),
        time: Number(v.time ?? 0) * 1000,
        data: String(v.data ?? ''),
        ...(v.snr != null ? { snr: Number(v.snr) } : {}),
        // The document: the HTTP status, or 600 when no response came.
        status: d.lastStatus ?? 600,
        message: d.lastReason ?? '',
        callback,
        parameters: failedParameters(v),
      };
    });
    return { data, ...nextPage(request, p, failed.length > p.offset + p.limit) };
  });

  app.get('/coverages/redundancy', answers(SigfoxRedundancy), async (request) => {
    const q = request.query as Record<string, string>;
    const lat = Number(q.lat);
    const lng = Number(q.lng);
    if (q.lat === undefined || !(lat >= -90 && lat <= 90))
      throw badRequest('lat: a latitude from -90 to 90 is required');
    if (q.lng === undefined || !(lng >= -180 && lng <= 180))
      throw badRequest('lng: a longitude from -180 to 180 is required');
    const mode = q.mode ?? 'INDOOR';
    if (!['UNDERGROUND', 'INDOOR', 'OUTDOOR'].includes(mode))
      throw badRequest('mode: UNDERGROUND, INDOOR or OUTDOOR');
    return { redundancy: await redundancy(storage, callerOf(request).scope, lat, lng, mode as 'INDOOR') };
  });

  // The users with a role in the group are its live credentials (see presentUser), oldest first.
  app.get('/users', answers(SigfoxPage(SigfoxUser)), async (request) => {
    const q = request.query as Record<string, string>;
    if (!q.groupId) throw badRequest('groupId is required');
    const g = /^\d+$/.test(q.groupId) ? await storage.getGroup(Number(q.groupId)) : null;
    if (!g?.path.startsWith(callerOf(request).scope)) throw notFound(`no group ${q.groupId}`);
    const p = pageParams(request, 'ms');
    const users = (await storage.listCredentials(g.path))
      .filter((c) => c.groupId === g.id && c.revokedAt == null)
      .sort((a, b) => a.id - b.id);
    const data = users.slice(p.offset, p.offset + p.limit).map((c) => presentUser(c, g));
    return { data, ...nextPage(request, p, users.length > p.offset + p.limit) };
  });
};

/** Radio measures the callbacks write as text ("10.50") and the document's `parameters` show as numbers. */
const NUMERIC = new Set(['snr', 'rssi', 'avgSnr']);

/** A failed delivery's variables as the document's `parameters`: set values only, radio measures as numbers. */
function failedParameters(v: DeliveryPayload['parameters']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x == null || k === 'eventId') continue;
    out[k] = NUMERIC.has(k) && Number.isFinite(Number(x)) ? Number(x) : x;
  }
  return out;
}
