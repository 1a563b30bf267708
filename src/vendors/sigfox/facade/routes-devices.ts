import type { App } from '../../../api/app.ts';
import { callerOf, type FacadeHub } from './context.ts';
import { badRequest } from './errors.ts';
import { recentMessages, scopedDevice, sigfoxId } from './lookup.ts';
import { nextPage, pageParams } from './paging.ts';
import { presentDevice, presentLocation, presentMessage } from './presenters.ts';
import {
  SigfoxConsumptions,
  SigfoxDevice,
  SigfoxLocation,
  SigfoxMessage,
  SigfoxMessageMetrics,
  SigfoxNetworkState,
  SigfoxPage,
  SigfoxStatusEvent,
  SigfoxTokenState,
  answers,
} from './schemas.ts';
import { consumptions, linkSummary, messageMetrics } from './stats.ts';
import { statusEvents } from './status-events.ts';
import { deviceToken as token } from './token.ts';

type P<T extends string> = { Params: Record<T, string> };

export const deviceRoutes = (hub: FacadeHub) => async (app: App) => {
  const { storage } = hub;
  const device = (request: Parameters<typeof callerOf>[0], id: string) =>
    scopedDevice(storage, callerOf(request), id);

  app.get<P<'id'>>('/devices/:id', answers(SigfoxDevice), async (request) => {
    const d = await device(request, request.params.id);
    return { ...presentDevice(d, await linkSummary(storage, d.id)), ...token(d.attributes.token) };
  });

  app.get<P<'id'>>('/devices/:id/token-state', answers(SigfoxTokenState), async (request) => {
    const d = await device(request, request.params.id);
    const t = token(d.attributes.token);
    if (d.state === 'off') return { code: 1, detailMessage: 'Off contract', ...t };
    if (!t.tokenType) return { code: 2, detailMessage: 'Not communicated' };
    if (t.tokenEnd != null && t.tokenEnd < Date.now())
      return { code: 1, detailMessage: 'Invalid token', ...t };
    return { code: 0, detailMessage: 'Ok', ...t };
  });

  app.get<P<'id'>>('/devices/:id/messages', answers(SigfoxPage(SigfoxMessage)), async (request) => {
    const d = await device(request, request.params.id);
    const p = pageParams(request, 's');
    const messages = await recentMessages(storage, d.id, p, p.offset + p.limit + 1);
    const data = messages.slice(p.offset, p.offset + p.limit).map((m) => presentMessage(m, sigfoxId(d)));
    return { data, ...nextPage(request, p, messages.length > p.offset + p.limit) };
  });

  app.get<P<'id'>>('/devices/:id/locations', answers(SigfoxPage(SigfoxLocation)), async (request) => {
    const d = await device(request, request.params.id);
    const p = pageParams(request, 's');
    const page = await storage.listPositions({
      deviceId: d.id,
      from: p.since ?? undefined,
      to: p.before ?? undefined,
      order: 'desc',
      limit: p.offset + p.limit + 1,
    });
    const data = page.items.slice(p.offset, p.offset + p.limit).map(presentLocation);
    return {
      data,
      ...nextPage(request, p, page.items.length > p.offset + p.limit || page.next != null),
    };
  });

  for (const severity of ['error', 'warn'] as const) {
    app.get<P<'id'>>(
      `/devices/:id/status/${severity}`,
      answers(SigfoxPage(SigfoxStatusEvent)),
      async (request) => {
        const d = await device(request, request.params.id);
        const p = pageParams(request, 'ms');
        const upper = severity === 'error' ? 'ERROR' : 'WARN';
        return statusEvents(storage, request, callerOf(request).scope, { deviceId: d.id }, upper, p);
      },
    );
  }

  // Trackway has no view of the network's base stations; it reports what the device's link shows: NOK while
  // the device is in the network-issue (warn) state.
  app.get<P<'id'>>('/devices/:id/networkstate', answers(SigfoxNetworkState), async (request) => {
    const d = await device(request, request.params.id);
    return { networkStatus: d.state === 'warn' ? 'NOK' : 'OK' };
  });

  app.get<P<'id'>>('/devices/:id/messages/metric', answers(SigfoxMessageMetrics), async (request) => {
    const d = await device(request, request.params.id);
    return messageMetrics(storage, d.id, Date.now());
  });

  app.get<P<'id' | 'year'>>(
    '/device/:id/consumptions/:year',
    answers(SigfoxConsumptions),
    async (request) => {
      const d = await device(request, request.params.id);
      const year = Number(request.params.year);
      if (!/^\d{4}$/.test(request.params.year) || year < 1970)
        throw badRequest('year: must be a year such as 2016');
      const id = `${sigfoxId(d)}_${year}`;
      return { consumption: { id, consumptions: await consumptions(storage, d.id, year) } };
    },
  );
};
