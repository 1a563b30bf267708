import { Type } from '@sinclair/typebox';
import type { SyncRecord } from '../../storage/storage.ts';
import { principalOf } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { presentEvent, presentMessage, presentPosition } from '../presenters.ts';
import { errors, ref } from '../schemas.ts';
import type { App } from '../app.ts';

const presentRecord = (r: SyncRecord) =>
  r.kind === 'position'
    ? { kind: r.kind, position: presentPosition(r.record) }
    : r.kind === 'message'
      ? { kind: r.kind, message: presentMessage(r.record) }
      : { kind: r.kind, event: presentEvent(r.record) };

export const syncRoutes = (hub: HubContext) => async (app: App) => {
  app.get(
    '/sync',
    {
      schema: {
        tags: ['sync'],
        summary: 'Every record committed after the cursor, in commit order',
        description:
          'Start without `after`; then pass the returned `next` each time. A consumer following the cursor gets ' +
          'every position, message and event of its subtree exactly once, whatever order devices send in. ' +
          '`more` is true when another page is ready now.',
        querystring: Type.Object({
          after: Type.Optional(Type.String({ description: 'The `next` of the previous call' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
        }),
        response: {
          200: Type.Object({
            records: Type.Array(
              Type.Object({
                kind: Type.String({ enum: ['position', 'message', 'event'] }),
                position: Type.Optional(ref('Position')),
                message: Type.Optional(ref('Message')),
                event: Type.Optional(ref('Event')),
              }),
            ),
            next: Type.String(),
            more: Type.Boolean(),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 1000;
      const page = await hub.storage.sync({
        scope: principalOf(request).scope,
        after: request.query.after ?? null,
        limit,
      });
      return {
        records: page.records.map(presentRecord),
        next: page.next,
        more: page.records.length === limit,
      };
    },
  );
};
