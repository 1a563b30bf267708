import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../model/records.ts';
import { principalOf } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { presentEvent } from '../presenters.ts';
import { errors, IsoTime, Literals, pageOf, PageQuery } from '../schemas.ts';
import type { App } from '../app.ts';
import { timeParam } from './time-param.ts';

export const eventRoutes = (hub: HubContext) => async (app: App) => {
  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Events by device, group, type and time range, ordered by event time, paged by cursor',
        querystring: Type.Object({
          deviceId: Type.Optional(Type.Integer()),
          groupId: Type.Optional(Type.Integer()),
          type: Type.Optional(
            Type.Array(Literals(EVENT_TYPES), {
              description: 'Repeat or comma-separate to match several',
            }),
          ),
          from: Type.Optional(Type.Union([IsoTime, Type.Integer()])),
          to: Type.Optional(Type.Union([IsoTime, Type.Integer()])),
          ...PageQuery,
        }),
        response: { 200: pageOf('Event'), ...errors(400, 401) },
      },
      // `type=a,b` means `type=a&type=b`: split before validation checks each against the enum.
      preValidation: async (request) => {
        const query = request.query as { type?: string | string[] };
        if (query.type !== undefined) {
          query.type = [query.type]
            .flat()
            .flatMap((t) => t.split(','))
            .filter(Boolean);
        }
      },
    },
    async (request) => {
      const q = request.query;
      await hub.derivedUpToDate?.();
      const page = await hub.storage.listEvents({
        scope: principalOf(request).scope,
        deviceId: q.deviceId,
        groupId: q.groupId,
        types: q.type,
        from: timeParam(q.from, 'from'),
        to: timeParam(q.to, 'to'),
        cursor: q.cursor,
        limit: q.limit ?? 100,
      });
      return { items: page.items.map(presentEvent), next: page.next };
    },
  );
};
