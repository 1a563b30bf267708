import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import { FailedAuthLimit, TooManyFailedAttempts } from '../auth/failed-auth-limit.ts';
import { InvalidCursorError } from '../storage/cursor.ts';
import { ConflictError } from '../storage/errors.ts';
import type { App } from './app.ts';
import { authenticate } from './auth.ts';
import { registerCors } from './cors.ts';
import { rejectNonFiniteNumbers } from './finite-numbers.ts';
import { logRequests, serverOptions } from './request-log.ts';
import { drainRefusedBodies } from './refused-body.ts';
import type { HubContext } from './context.ts';
import { ApiError, errorBody } from './errors.ts';
import { openapiOptions, type SecurityScheme } from './openapi/document.ts';
import type { ExamplesByOperation } from './openapi/examples.ts';
import { withAcceptedMediaTypes } from './media-types.ts';
import { deviceRoutes } from './routes/devices.ts';
import { deviceTypeRoutes } from './routes/device-types.ts';
import { eventRoutes } from './routes/events.ts';
import { placeRoutes } from './routes/places.ts';
import { reportRoutes } from './routes/reports.ts';
import { groupRoutes } from './routes/groups.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { opsRoutes } from './routes/ops.ts';
import { fileRoutes } from './routes/files.ts';
import { receiverSecretRoutes } from './routes/receiver-secrets.ts';
import { isPublicSessionRoute, sessionRoutes } from './routes/session.ts';
import { sourceRoutes } from './routes/sources.ts';
import { streamRoutes } from './routes/stream.ts';
import { syncRoutes } from './routes/sync.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import { webAppRoutes } from './web-app.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { WireRecord } from '../formats/native/wire-record.ts';
import { SHARED_SCHEMAS } from './schemas.ts';

/** Routes under /api/v1 that answer without a token. */
const PUBLIC_API = new Set(['/api/v1/openapi.json']);

/** Route plugins outside the native API (push receivers, vendor facades), composed by main.ts. */
export type RoutePlugin = (app: App) => Promise<void>;

export async function buildServer(
  hub: HubContext,
  logger: Logger,
  plugins: readonly RoutePlugin[],
  /** The vendors' own security schemes, which their routes name in `security`. */
  securitySchemes: Readonly<Record<string, SecurityScheme>> = {},
  /** The vendors' examples of their operations, by operationId. */
  examples: ExamplesByOperation = {},
): Promise<App> {
  const app = Fastify({
    loggerInstance: logger,
    ...serverOptions(hub.config.trustProxy),
    bodyLimit: hub.config.bodyLimit,
    // Live streams never go idle; shutdown ends them itself, everything else drains.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  for (const schema of [...SHARED_SCHEMAS, WireRecord]) app.addSchema(schema);
  await app.register(swagger, openapiOptions(securitySchemes, examples));
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs', uiConfig: { deepLinking: true } });

  logRequests(app);
  drainRefusedBodies(app, hub.config.bodyLimit);
  // One count of failed authentications for every route of the hub, the OsmAnd port's included.
  hub.failedAuth ??= await FailedAuthLimit.create(app, hub.config.authFailures);
  app.decorate('failedAuth', hub.failedAuth);
  // Before authentication, so that a preflight (which carries no token) is answered.
  await registerCors(app, hub.config.corsOrigins);
  await app.register(cookie);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/v1/') || PUBLIC_API.has(path) || path.startsWith('/api/v1/docs')) return;
    if (isPublicSessionRoute(request.method, path)) return;
    request.principal = await authenticate(hub.storage, request);
  });
  app.addHook('preHandler', rejectNonFiniteNumbers);
  app.addHook('onResponse', async (request, reply) => {
    const receiver = /^\/ingest\/([\w-]+)/.exec(request.url)?.[1];
    if (receiver) hub.metrics.receiverAnswered(receiver, reply.statusCode);
    hub.metrics.httpSeconds.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, message } = classify(withAcceptedMediaTypes(err, request));
    if (err instanceof TooManyFailedAttempts) reply.header('retry-after', String(err.retryAfterSeconds));
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.debug({ code, message }, 'request refused');
    return reply.status(status).send(errorBody(code, message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  await app.register(opsRoutes(hub));
  for (const plugin of plugins) await app.register(plugin);
  await app.register(
    async (api) => {
      await api.register(groupRoutes(hub));
      await api.register(tokenRoutes(hub));
      await api.register(sessionRoutes(hub));
      await api.register(userRoutes(hub));
      await api.register(deviceTypeRoutes(hub));
      await api.register(deviceRoutes(hub));
      await api.register(eventRoutes(hub));
      await api.register(placeRoutes(hub));
      await api.register(reportRoutes(hub));
      await api.register(syncRoutes(hub));
      await api.register(sourceRoutes(hub));
      await api.register(receiverSecretRoutes(hub));
      await api.register(fileRoutes(hub));
      await api.register(streamRoutes(hub));
      await api.register(ingestRoutes(hub));
      await api.register(webhookRoutes(hub));
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  await app.register(webAppRoutes(hub));
  return app;
}

/** Maps any thrown error onto the catalogue; unknown faults become INTERNAL without leaking details. */
function classify(err: FastifyError): { status: number; code: string; message: string } {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof TooManyFailedAttempts) {
    return { status: 429, code: 'TOO_MANY_REQUESTS', message: err.message };
  }
  if (err instanceof InvalidCursorError) return { status: 400, code: 'INVALID_CURSOR', message: err.message };
  if (err instanceof SyntaxError) return { status: 400, code: 'INVALID_BODY', message: err.message };
  if (err.validation) return { status: 400, code: 'BAD_REQUEST', message: err.message };
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: err.message };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: err.message };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'INVALID_BODY', message: err.message };
  }
  if (err instanceof ConflictError) return { status: 409, code: 'CONFLICT', message: err.message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: 'BAD_REQUEST', message: err.message };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; see the server log' };
}
