import type { FastifyError } from 'fastify';
import type { App } from '../../../api/app.ts';
import { answerAsWritten } from '../../../api/answer-as-written.ts';
import { withAcceptedMediaTypes } from '../../../api/media-types.ts';
import { TooManyFailedAttempts } from '../../../auth/failed-auth-limit.ts';
import { authenticateToken } from './auth.ts';
import { FaApiError } from './errors.ts';
import type { FacadeHub } from './hub.ts';
import { importRoutes } from './routes-import.ts';
import { locationRoutes } from './routes-locations.ts';
import { placeRoutes } from './routes-places.ts';
import { FA_ERROR_ANSWERS } from './schemas.ts';

/** Where FollowAnalytics' `/api/...` is served: a client uses `<trackway>/compat/followapps` as its base URL. */
export const FACADE_PREFIX = '/compat/followapps/api';

/**
 * FollowAnalytics' API served by Trackway (document 001): app locations, and places with archive, restore and
 * import. A Trackway API token as `Authorization: Token <token>` (or Bearer); every error in the document's
 * envelope.
 */
export const followanalyticsMount = (hub: FacadeHub) => async (app: App) => {
  await app.register(followanalyticsFacade(hub), { prefix: FACADE_PREFIX });
};

export const followanalyticsFacade = (hub: FacadeHub) => async (app: App) => {
  app.decorateRequest('followappsCaller', null);
  answerAsWritten(app);
  app.addHook('onRoute', (route) => {
    route.schema = {
      ...route.schema,
      tags: ['FollowAnalytics API (compat)'],
      description:
        'FollowAnalytics API served from Trackway data; see docs/vendors/followanalytics.md. Authenticate with a ' +
        "Trackway API token as `Authorization: Token <token>` (FollowAnalytics' form) or as Bearer.",
      security: [{ tokenScheme: [] }, { bearer: [] }],
      response: { ...FA_ERROR_ANSWERS, ...(route.schema?.response as object) },
    };
  });
  app.addHook('onRequest', async (request) => {
    request.followappsCaller = await authenticateToken(hub.storage, request);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const err = withAcceptedMediaTypes(error, request);
    if (err instanceof FaApiError) return reply.status(err.httpStatus).send(err.envelope);
    // A client over its limit of failed authentications, in the document's error envelope.
    if (err instanceof TooManyFailedAttempts) {
      return reply
        .status(429)
        .header('retry-after', err.retryAfterSeconds)
        .send({ status: 'too_many_requests', success: false, error_message: err.message });
    }
    if (err.validation || (err.statusCode != null && err.statusCode < 500)) {
      return reply
        .status(err.statusCode === 413 ? 413 : 400)
        .send({ status: 'bad_request', success: false, error_message: err.message });
    }
    request.log.error({ err }, 'FollowAnalytics API request failed');
    return reply
      .status(500)
      .send({ status: 'internal_server_error', success: false, error_message: 'Internal error' });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ status: 'not_found', success: false, error_message: 'Not found' }),
  );
  await app.register(locationRoutes(hub.storage));
  await app.register(placeRoutes(hub));
  await app.register(importRoutes(hub));
};
