import { Type } from '@sinclair/typebox';
import type { FastifyError } from 'fastify';
import { authenticate, requireRole } from '../../../api/auth.ts';
import { ApiError, errorBody } from '../../../api/errors.ts';
import { TooManyFailedAttempts } from '../../../auth/failed-auth-limit.ts';
import type { App } from '../../../api/app.ts';
import { answerAsWritten } from '../../../api/answer-as-written.ts';
import { withAcceptedMediaTypes } from '../../../api/media-types.ts';
import { authenticateBasic, generateCredentials } from './auth.ts';
import type { FacadeHub } from './context.ts';
import { SigfoxApiError } from './errors.ts';
import { deviceRoutes } from './routes-devices.ts';
import { deviceTypeRoutes } from './routes-device-types.ts';
import { miscRoutes } from './routes-misc.ts';
import { SIGFOX_ERROR_ANSWERS } from './schemas.ts';

/**
 * The Sigfox backend REST API v1 served by Trackway under `/compat/sigfox/api`: a client written for the
 * backend works with its base URL changed. HTTP Basic credentials per group; errors `{"message": …}` with the
 * document's status codes.
 */
export const sigfoxFacade = (hub: FacadeHub) => async (app: App) => {
  app.decorateRequest('sigfoxCaller', null);
  answerAsWritten(app);
  // Listed in the OpenAPI under one tag; the vendor's document (and docs/vendors/sigfox.md) describes them.
  app.addHook('onRoute', (route) => {
    route.schema = {
      tags: ['Sigfox backend API v1 (compat)'],
      summary: 'Sigfox backend API v1: see docs/vendors/sigfox.md',
      // The document's HTTP Basic pair of a group (POST /compat/sigfox/credentials), not a Trackway token.
      security: [{ basic: [] }],
      ...route.schema,
      response: { ...SIGFOX_ERROR_ANSWERS, ...(route.schema?.response as object) },
    };
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const err = withAcceptedMediaTypes(error, request);
    if (err instanceof SigfoxApiError) {
      if (err.status === 401) reply.header('www-authenticate', 'Basic realm="SIGFOX"');
      return reply.status(err.status).send({ message: err.message });
    }
    // The document lists no 429; its error shape carries the refusal of a client over its limit of failures.
    if (err instanceof TooManyFailedAttempts) {
      return reply.status(429).header('retry-after', err.retryAfterSeconds).send({ message: err.message });
    }
    if (err.statusCode && err.statusCode < 500) return reply.status(400).send({ message: err.message });
    request.log.error({ err }, 'sigfox api failed');
    return reply.status(500).send({ message: 'an unexpected error occurred' });
  });
  app.addHook('onRequest', async (request) => {
    request.sigfoxCaller = await authenticateBasic(hub.storage, request);
  });
  await app.register(deviceTypeRoutes(hub));
  await app.register(deviceRoutes(hub));
  await app.register(miscRoutes(hub));
};

/**
 * Generates a group's API credentials, with a native API token (manager): `POST /compat/sigfox/credentials`.
 * The password is shown in this answer only; generating again invalidates the previous pair.
 */
export const sigfoxCredentials = (hub: FacadeHub) => async (app: App) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const err = withAcceptedMediaTypes(error, request);
    if (err instanceof ApiError) return reply.status(err.status).send(errorBody(err.code, err.message));
    return reply.status(err.statusCode ?? 500).send(errorBody('BAD_REQUEST', err.message));
  });
  app.post(
    '/compat/sigfox/credentials',
    {
      schema: {
        tags: ['vendors'],
        summary:
          'Generate the Sigfox API v1 credentials (HTTP Basic) of a group; the previous pair stops working',
        body: Type.Object({ groupId: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            groupId: Type.Integer(),
            login: Type.String({ description: 'The HTTP Basic user name' }),
            password: Type.String({ description: 'Shown in this answer only' }),
          }),
        },
      },
    },
    async (request, reply) => {
      request.principal = await authenticate(hub.storage, request);
      const principal = requireRole(request, 'manager');
      const groupId = (request.body as { groupId?: number }).groupId ?? principal.group.id;
      const group = await hub.storage.getGroup(groupId);
      if (!group || !group.path.startsWith(principal.scope)) {
        throw new ApiError('GROUP_NOT_FOUND', `no group ${groupId}`);
      }
      return reply
        .status(201)
        .send({ groupId: group.id, ...(await generateCredentials(hub.storage, group)) });
    },
  );
};
