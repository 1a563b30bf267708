import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { checkFailedAuth, countFailedAuth, TooManyFailedAttempts } from '../../../auth/failed-auth-limit.ts';
import { feedErrors } from '../connector/feed-errors.ts';
import { FEED_PATH } from '../connector/settings.ts';
import { presentFeedJson } from './present-json.ts';
import { presentFeedXml } from './present-xml.ts';
import type { SpotFeedError, SpotFeedPage } from '../spot-message.ts';
import { feedResponse } from './feed-view.ts';
import { BadQuery } from './query.ts';
import { spotFeeds } from '../storage/index.ts';
import { FeedRateLimiter } from './rate-limit.ts';
import { feedAnswers } from './schemas.ts';

export interface FacadeOptions {
  now?: () => number;
}

const FeedQuery = Type.Object({
  start: Type.Optional(Type.String({ description: 'Paging: 1 (default), 51, 101… Counted from 1.' })),
  startDate: Type.Optional(Type.String({ description: '2012-07-03T00:00:00-0000; at most 7 days back' })),
  endDate: Type.Optional(Type.String({ description: '2012-08-02T00:00:00-0000' })),
  feedPassword: Type.Optional(Type.String()),
});

/** `message` is JSON, as real SPOT answers it without an extension. */
export const RESOURCES = [
  { path: 'message', what: 'message', format: 'json' },
  { path: 'message.json', what: 'message', format: 'json' },
  { path: 'message.xml', what: 'message', format: 'xml' },
  { path: 'latest', what: 'latest', format: 'json' },
  { path: 'latest.json', what: 'latest', format: 'json' },
  { path: 'latest.xml', what: 'latest', format: 'xml' },
] as const;

/**
 * SPOT's public feed API, served from Trackway's feeds under `/compat/spot` with SPOT's paths, parameters and
 * shapes, so that a SPOT client works with its base URL changed. No token: a feed is public, or has a password.
 */
export const spotFeedRoutes =
  (hub: HubContext, options: FacadeOptions = {}) =>
  async (app: App) => {
    const now = options.now ?? Date.now;
    const limiter = new FeedRateLimiter();

    const send = (
      reply: FastifyReply,
      format: 'json' | 'xml',
      body: SpotFeedPage | SpotFeedError,
      status = 200,
    ) =>
      reply
        .status(status)
        .type(format === 'xml' ? 'application/xml;charset=UTF-8' : 'application/json;charset=UTF-8')
        .send(format === 'xml' ? presentFeedXml(body) : presentFeedJson(body));

    const formatOf = (url: string): 'json' | 'xml' => (url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

    // SPOT's envelope for what goes wrong here; the native API's shape would break a SPOT client's parser.
    app.setErrorHandler((err: FastifyError, request, reply) => {
      // A client over its limit of failed authentications (wrong feed passwords, among others).
      if (err instanceof TooManyFailedAttempts) {
        reply.header('retry-after', err.retryAfterSeconds);
        const body: SpotFeedError = {
          kind: 'error',
          code: 'E-0429',
          text: 'Too Many Requests',
          description: err.message,
        };
        return send(reply, formatOf(request.url), body, 429);
      }
      const bad = err instanceof BadQuery || err.validation != null;
      if (!bad) request.log.error({ err }, 'SPOT feed request failed');
      const body: SpotFeedError = bad
        ? { kind: 'error', code: 'E-0400', text: 'Bad Request', description: err.message }
        : {
            kind: 'error',
            code: 'E-0500',
            text: 'Internal Error',
            description: 'The feed could not be read.',
          };
      return send(reply, formatOf(request.url), body, bad ? 400 : 500);
    });

    for (const r of RESOURCES) {
      app.get(
        `${FEED_PATH}/:feedId/${r.path}`,
        {
          schema: {
            tags: ['SPOT feed API'],
            summary:
              r.what === 'message'
                ? `Messages of a feed, newest first, 50 per page (${r.format.toUpperCase()})`
                : `The newest message of each device of a feed (${r.format.toUpperCase()})`,
            params: Type.Object({ feedId: Type.String() }),
            querystring: FeedQuery,
            // A public feed takes no credential; a private one its feedPassword (document 000).
            security: [{}, { spotFeedPassword: [] }],
            response: feedAnswers(r.format),
          },
        },
        async (request, reply) => {
          const { feedId } = request.params;
          const feed = await spotFeeds(hub.storage).getFeedByPublicId(feedId);
          if (feed?.rateLimited && !limiter.allow(feedId, request.ip, now())) {
            return reply.status(403).type('text/html').send('<html><body>403 Forbidden</body></html>');
          }
          // A feed password is a credential: a wrong one counts against the client's limit of failures.
          if (feed?.passwordHash != null) await checkFailedAuth(request);
          const body = await feedResponse(hub.storage, feed, feedId, r.what, request.query, now());
          if (body.kind === 'error' && body.code === feedErrors.badPassword(feedId).code) {
            await countFailedAuth(request);
          }
          return send(reply, r.format, body);
        },
      );
    }
  };
