import { Type } from '@sinclair/typebox';
import {
  open,
  SigfoxCallbacks,
  SigfoxCreatedIds,
  SigfoxDevice,
  SigfoxDeviceType,
  SigfoxEmptyList,
  SigfoxIdPacs,
  SigfoxMessage,
  SigfoxPage,
  SigfoxStatusEvent,
  answers,
  answersWithoutBody,
} from './schemas.ts';
import type { App } from '../../../api/app.ts';
import type { DeviceType, StoredMessage } from '../../../model/records.ts';
import { fromDefinition, presentCallback, CallbackDefinitionError } from '../callbacks/definition.ts';
import { sigfoxTypeProblems, type SigfoxTypeFields } from '../device-type.ts';
import { normalizeDownlink } from '../../../model/downlink.ts';
import { callerOf, type FacadeHub } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import { devicesOfType, recentMessages, scopedType, sigfoxId } from './lookup.ts';
import { nextPage, pageParams } from './paging.ts';
import { presentDevice, presentDeviceType, presentMessage } from './presenters.ts';
import { linkSummary } from './stats.ts';
import { statusEvents } from './status-events.ts';

type P<T extends string> = { Params: Record<T, string> };
const PAYLOAD_TYPES: Record<string, DeviceType['payloadType']> = {
  None: 'none',
  String: 'string',
  Custom: 'custom',
  Geolocation: 'geolocation',
};
/** The document's SNR classes of the devices filter. */
const SNR_CLASSES: Record<string, [number, number]> = {
  1: [0, 10],
  2: [10, 13],
  3: [13, 20],
  4: [20, Infinity],
};

export const deviceTypeRoutes = (hub: FacadeHub) => async (app: App) => {
  const { storage } = hub;

  app.get('/devicetypes', answers(open({ data: Type.Array(SigfoxDeviceType) })), async (request) => {
    const caller = callerOf(request);
    const sub = (request.query as Record<string, string>).includeSubGroups === 'true';
    const types = (await storage.listDeviceTypes(caller.scope)).filter(
      (t) => sub || t.groupId === caller.group.id,
    );
    return { data: types.map(presentDeviceType) };
  });

  // Listed before /devicetypes/:id so that the literal path wins.
  app.get('/devicetypes/geolocs-config', answers(SigfoxEmptyList), async () => []);

  app.get<P<'id'>>('/devicetypes/:id', answers(SigfoxDeviceType), async (request) =>
    presentDeviceType(await scopedType(storage, callerOf(request), request.params.id)),
  );

  app.post('/devicetypes/edit', answersWithoutBody('The device type was changed'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.id !== 'string') throw badRequest('id: the device type to edit is required');
    const type = await scopedType(storage, callerOf(request), body.id);
    const patch: SigfoxTypeFields & { name?: string; description?: string } = {};
    if (body.name !== undefined) patch.name = str(body, 'name');
    if (body.description !== undefined) patch.description = str(body, 'description');
    if (body.keepAlive !== undefined) patch.keepAlive = int(body, 'keepAlive');
    if (body.alertEmail !== undefined) patch.alertEmail = str(body, 'alertEmail');
    if (body.payloadType !== undefined) {
      patch.payloadType = PAYLOAD_TYPES[String(body.payloadType)];
      if (!patch.payloadType) throw badRequest('payloadType: must be None, String, Custom or Geolocation');
    }
    if (body.payloadConfig !== undefined) patch.payloadConfig = str(body, 'payloadConfig');
    if (body.downlinkMode !== undefined) {
      const mode = int(body, 'downlinkMode');
      if (mode !== 0 && mode !== 1) throw badRequest('downlinkMode: must be 0 (direct) or 1 (callback)');
      patch.downlinkMode = mode === 0 ? 'direct' : 'callback';
    }
    if (body.downlinkDataString !== undefined)
      patch.downlinkData = normalizeDownlink(str(body, 'downlinkDataString'));
    const problems = sigfoxTypeProblems({
      payloadType: patch.payloadType ?? type.payloadType,
      payloadConfig: patch.payloadConfig ?? type.payloadConfig,
      ...patch,
    });
    if (problems.length) throw badRequest(problems.join('; '));
    await storage.updateDeviceType(type.id, patch);
    return reply.status(200).send();
  });

  const callbackList = async (typeId: string, request: Parameters<typeof callerOf>[0]) => {
    const type = await scopedType(storage, callerOf(request), typeId);
    const all = (await storage.listCallbacks({ deviceTypeId: type.id })).map(presentCallback);
    return {
      data: all.filter((c) => c.callbackType === 0),
      service: all.filter((c) => c.callbackType === 1),
      error: all.filter((c) => c.callbackType === 2),
    };
  };
  // The document shows POST for the list; its clients also GET it. Both answer alike.
  app.post<P<'id'>>('/devicetypes/:id/callbacks', answers(SigfoxCallbacks), async (request) =>
    callbackList(request.params.id, request),
  );
  app.get<P<'id'>>('/devicetypes/:id/callbacks', answers(SigfoxCallbacks), async (request) =>
    callbackList(request.params.id, request),
  );

  app.post<P<'id'>>('/devicetypes/:id/callbacks/new', answers(SigfoxCreatedIds), async (request) => {
    const type = await scopedType(storage, callerOf(request), request.params.id);
    const defs = Array.isArray(request.body) ? request.body : [request.body];
    const target = { groupId: type.groupId, deviceTypeId: type.id };
    const news = defs.map((d, i) => {
      try {
        return fromDefinition((d ?? {}) as Record<string, unknown>, target);
      } catch (err) {
        if (err instanceof CallbackDefinitionError) throw badRequest(`callback ${i}: ${err.message}`);
        throw err;
      }
    });
    const ids: string[] = [];
    for (const n of news) ids.push(String((await storage.createCallback(n)).id));
    return ids;
  });

  const typeCallback = async (request: Parameters<typeof callerOf>[0], typeId: string, cbId: string) => {
    const type = await scopedType(storage, callerOf(request), typeId);
    const cb = /^\d+$/.test(cbId) ? await storage.getCallback(Number(cbId)) : null;
    if (!cb || cb.deviceTypeId !== type.id) throw notFound(`no callback ${cbId} on device type ${typeId}`);
    return cb;
  };
  app.post<P<'id' | 'cb'>>(
    '/devicetypes/:id/callbacks/:cb/delete',
    answersWithoutBody('The callback was deleted'),
    async (request, reply) => {
      const cb = await typeCallback(request, request.params.id, request.params.cb);
      await storage.deleteCallback(cb.id);
      return reply.status(200).send();
    },
  );
  app.post<P<'id' | 'cb'>>(
    '/devicetypes/:id/callbacks/:cb/enable',
    answersWithoutBody('The callback was enabled or disabled'),
    async (request, reply) => {
      const cb = await typeCallback(request, request.params.id, request.params.cb);
      const enabled = (request.query as Record<string, string>).enabled;
      if (enabled !== 'true' && enabled !== 'false') throw badRequest('enabled: must be true or false');
      await storage.updateCallback(cb.id, { enabled: enabled === 'true' });
      return reply.status(200).send();
    },
  );
  app.post<P<'id' | 'cb'>>(
    '/devicetypes/:id/callbacks/:cb/downlink',
    answersWithoutBody('The callback now answers the downlinks of its device type'),
    async (request, reply) => {
      const cb = await typeCallback(request, request.params.id, request.params.cb);
      if (cb.channel !== 'url' || cb.kind !== 'data' || cb.subtype !== 'bidir') {
        throw badRequest('only a URL callback of type DATA BIDIR can answer downlinks');
      }
      // One downlink callback per device type: selecting this one deselects the previous.
      for (const other of await storage.listCallbacks({ deviceTypeId: cb.deviceTypeId! })) {
        const selected = other.id === cb.id;
        if (Boolean(other.config.downlinkHook) !== selected) {
          await storage.updateCallback(other.id, { config: { ...other.config, downlinkHook: selected } });
        }
      }
      return reply.status(200).send();
    },
  );

  app.get<P<'id'>>('/devicetypes/:id/id-pac', answers(SigfoxIdPacs), async (request) => {
    const caller = callerOf(request);
    const type = await scopedType(storage, caller, request.params.id);
    const devices = await devicesOfType(storage, caller.scope, type.id);
    return {
      data: devices.map((d) => ({
        id: sigfoxId(d),
        ...(d.attributes.pac ? { pac: String(d.attributes.pac) } : {}),
      })),
    };
  });

  app.get<P<'id'>>('/devicetypes/:id/devices', answers(SigfoxPage(SigfoxDevice)), async (request) => {
    const caller = callerOf(request);
    const type = await scopedType(storage, caller, request.params.id);
    const p = pageParams(request, 'ms');
    const snr = (request.query as Record<string, string>).snr;
    if (snr !== undefined && !SNR_CLASSES[snr]) throw badRequest('snr: must be 1, 2, 3 or 4');
    const rows = [];
    for (const d of await devicesOfType(storage, caller.scope, type.id)) {
      const link = await linkSummary(storage, d.id);
      const [lo, hi] = snr ? SNR_CLASSES[snr]! : [-Infinity, Infinity];
      if (link.averageSnr >= lo && link.averageSnr < hi) rows.push(presentDevice(d, link));
    }
    const data = rows.slice(p.offset, p.offset + p.limit);
    return { data, ...nextPage(request, p, rows.length > p.offset + p.limit) };
  });

  app.get<P<'id'>>('/devicetypes/:id/messages', answers(SigfoxPage(SigfoxMessage)), async (request) => {
    const caller = callerOf(request);
    const type = await scopedType(storage, caller, request.params.id);
    const p = pageParams(request, 's');
    const need = p.offset + p.limit + 1;
    const merged: { m: StoredMessage; device: string }[] = [];
    for (const d of await devicesOfType(storage, caller.scope, type.id)) {
      for (const m of await recentMessages(storage, d.id, p, need)) merged.push({ m, device: sigfoxId(d) });
    }
    merged.sort((a, b) => b.m.deviceTime - a.m.deviceTime || b.m.id - a.m.id);
    const data = merged.slice(p.offset, p.offset + p.limit).map((x) => presentMessage(x.m, x.device));
    return { data, ...nextPage(request, p, merged.length > p.offset + p.limit) };
  });

  for (const severity of ['error', 'warn'] as const) {
    app.get<P<'id'>>(
      `/devicetypes/:id/status/${severity}`,
      answers(SigfoxPage(SigfoxStatusEvent)),
      async (request) => {
        const caller = callerOf(request);
        const type = await scopedType(storage, caller, request.params.id);
        const p = pageParams(request, 'ms');
        const upper = severity === 'error' ? 'ERROR' : 'WARN';
        return statusEvents(storage, request, caller.scope, { deviceTypeId: type.id }, upper, p);
      },
    );
  }

  app.get<P<'id'>>(
    '/devicetypes/:id/disengage',
    answersWithoutBody('The sequence number check is disengaged for the next message of each device'),
    async (request, reply) => {
      const caller = callerOf(request);
      const type = await scopedType(storage, caller, request.params.id);
      for (const d of await devicesOfType(storage, caller.scope, type.id)) {
        await storage.updateDevice(d.id, {
          attributes: { ...d.attributes, sigfoxSeqDisengagedAt: Date.now() },
        });
      }
      return reply.status(200).send();
    },
  );
};

function str(body: Record<string, unknown>, key: string): string {
  if (typeof body[key] !== 'string') throw badRequest(`${key}: must be a string`);
  return body[key] as string;
}

function int(body: Record<string, unknown>, key: string): number {
  if (!Number.isSafeInteger(body[key])) throw badRequest(`${key}: must be a whole number`);
  return body[key] as number;
}
