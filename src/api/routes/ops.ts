import { Type } from '@sinclair/typebox';
import type { HubContext } from '../context.ts';
import type { App } from '../app.ts';

/** Health and metrics: unauthenticated, for load balancers and Prometheus on the operator's network. */
export const opsRoutes = (hub: HubContext) => async (app: App) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: 200 once storage is open and the server serves, 503 while starting or stopping',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), storage: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), storage: Type.String() }),
        },
      },
    },
    async (_request, reply) =>
      hub.state.ready
        ? { status: 'ok' as const, storage: hub.storage.kind }
        : reply.status(503).send({ status: 'unavailable' as const, storage: hub.storage.kind }),
  );
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        security: [],
        produces: ['text/plain'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      reply.type(hub.metrics.registry.contentType);
      return hub.metrics.registry.metrics();
    },
  );
};
