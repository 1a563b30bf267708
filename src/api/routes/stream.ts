import { Type } from '@sinclair/typebox';
import type { LiveMessage } from '../../live/hub.ts';
import { principalOf } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { presentEvent, presentPosition } from '../presenters.ts';
import { errors } from '../schemas.ts';
import type { App } from '../app.ts';

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export const streamRoutes = (hub: HubContext) => async (app: App) => {
  app.get(
    '/stream',
    {
      schema: {
        tags: ['live'],
        summary: "Server-sent events: positions and events of the caller's subtree, after commit",
        description:
          'Each message is `event: position` or `event: event` with `id` = the record id and `data` = the record ' +
          'as the REST API shows it. A comment line is sent every 15 s. A client that reconnects catches up ' +
          'with `GET /api/v1/sync`; the stream itself starts from now.',
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errors(401) },
      },
    },
    async (request, reply) => {
      const { scope } = principalOf(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const send = (m: LiveMessage) => {
        const data = m.kind === 'position' ? presentPosition(m.record) : presentEvent(m.record);
        res.write(`event: ${m.kind}\nid: ${m.record.id}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const unsubscribe = hub.live.subscribe(scope, send, () => res.end());
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
};
