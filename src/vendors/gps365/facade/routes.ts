import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { answerAsWritten } from '../../../api/answer-as-written.ts';
import { withAcceptedMediaTypes } from '../../../api/media-types.ts';
import { TooManyFailedAttempts, verifyLimited } from '../../../auth/failed-auth-limit.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import { devicesInScope, historic, list, live, trackersOf } from './coordinates.ts';
import { envelope, Gps365ApiError } from './errors.ts';
import { readFacadeRequest, type FacadeRequest } from './params.ts';
import { presentTracker } from './present.ts';
import { gps365Answers } from './schemas.ts';

export const FACADE_PREFIX = '/compat/gps365/api';

export interface Gps365FacadeOptions {
  now?: () => number;
}

type FacadeHub = Pick<HubContext, 'storage'>;

const Trackers = Type.Union([
  Type.Array(Type.Integer(), { description: 'Tracker ids: trackers[]=100&trackers[]=101' }),
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 2 })]), {
    description:
      'Per tracker id a start date, or [start, end]: trackers[100]=…, trackers[100][]=…&trackers[100][]=…',
  }),
]);
const ApiToken = Type.String({
  description: 'A Trackway API token; it sees the devices of its group subtree',
});
const GpsDate = (description: string) =>
  Type.String({ description: `${description}; YYYY-MM-DD HH:MM:SS, UTC` });

const ENDPOINTS = [
  {
    path: 'trackers/list',
    answers: gps365Answers.trackersList,
    summary: 'GPS365: every tracker (device) the token sees; the tracker id is the Trackway device id',
    codeAsString: false,
    body: Type.Object({ api_token: ApiToken }),
  },
  {
    path: 'coordinates/live',
    answers: gps365Answers.live,
    summary: 'GPS365: the newest coordinate of each tracker, indexed by tracker id',
    codeAsString: true,
    body: Type.Object({ api_token: ApiToken, trackers: Type.Optional(Trackers) }),
  },
  {
    path: 'coordinates/list',
    answers: gps365Answers.list,
    summary:
      'GPS365: coordinates by tracker time, bounds inclusive, five weeks at most, 100 rows per tracker ' +
      '(5,000 for one tracker with a start date), with a summary per tracker',
    codeAsString: true,
    body: Type.Object({ api_token: ApiToken, trackers: Type.Optional(Trackers) }),
  },
  {
    path: 'coordinates/historic',
    answers: gps365Answers.historic,
    summary:
      'GPS365: coordinates by received time, >= start_date and < end_date, 500 rows per tracker (10,000 for ' +
      'one), paged; lock the first answer’s end_date for pages 2…n',
    codeAsString: true,
    body: Type.Object({
      api_token: ApiToken,
      trackers: Type.Optional(Trackers),
      start_date: Type.Optional(GpsDate('Received at or after; default 2000-01-01 00:00:00')),
      end_date: Type.Optional(GpsDate('Received before; at most five weeks after start_date')),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  },
] as const;

/**
 * GPS365's Coordinates API served by Trackway under `/compat/gps365/api` (document 002): POST, form fields or
 * JSON, `api_token` a Trackway API token, answers and errors in GPS365's envelope, so that a GPS365 client works
 * with only its base URL changed.
 */
export const gps365Facade =
  (hub: FacadeHub, options: Gps365FacadeOptions = {}) =>
  async (app: App) => {
    const now = options.now ?? Date.now;
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    // The schemas document the endpoints; the checks are the facade's own, so that every refusal is in
    // GPS365's envelope with its code (a missing api_token is 401, not a schema error), and the answers go out
    // as the presenters wrote them.
    app.setValidatorCompiler(() => () => true);
    answerAsWritten(app);
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const err = withAcceptedMediaTypes(error, request);
      const asString = request.url.includes('/coordinates/');
      if (err instanceof Gps365ApiError) {
        return reply.status(err.status).send(envelope(err.status, asString, err.message));
      }
      // A client over its limit of failed authentications, in the envelope of document 002 §3.
      if (err instanceof TooManyFailedAttempts) {
        reply.header('retry-after', err.retryAfterSeconds);
        return reply.status(429).send(envelope(429, asString, err.message));
      }
      if (err.statusCode && err.statusCode < 500) {
        return reply.status(400).send(envelope(400, asString, err.message));
      }
      request.log.error({ err }, 'GPS365 facade request failed');
      return reply.status(500).send(envelope(500, asString, 'Internal error'));
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .status(404)
        .send(envelope(404, false, `Not found: ${request.method} ${request.url.split('?')[0]}`)),
    );

    /** The group path the token sees. */
    const authenticate = async (raw: FastifyRequest, request: FacadeRequest): Promise<string> => {
      const token = request.token;
      if (!token) throw new Gps365ApiError(401, 'Unauthorized: api_token is missing');
      const group = await verifyLimited(raw, async () => {
        const credential = await hub.storage.findCredential(hashSecret(token));
        return credential?.kind === 'token' ? await hub.storage.getGroup(credential.groupId) : null;
      });
      if (!group) throw new Gps365ApiError(401, 'Unauthorized: the api_token is unknown or revoked');
      return group.path;
    };

    for (const endpoint of ENDPOINTS) {
      app.post(
        `/${endpoint.path}`,
        {
          schema: {
            tags: ['GPS365 Coordinates API (compat)'],
            summary: endpoint.summary,
            description:
              'Authentication is the `api_token` field of the body, as GPS365 asks (no header). Answers: ' +
              '`{"response":{"status","code","message"},"result"…}`; 401 for a missing or unknown token, 404 for ' +
              'an unknown tracker or endpoint, 400 for a malformed date, 429 with Retry-After for a client over its ' +
              'limit of failed authentications. See docs/vendors/gps365.md.',
            consumes: ['application/x-www-form-urlencoded', 'application/json'],
            body: endpoint.body,
            response: endpoint.answers,
            security: [],
          },
        },
        async (request, reply) => {
          const params = readFacadeRequest(request.body);
          const scope = await authenticate(request, params);
          const ok = (result: unknown, summary?: unknown) =>
            reply.send({
              ...envelope(200, endpoint.codeAsString, 'OK'),
              result,
              ...(summary === undefined ? {} : { summary }),
            });
          if (endpoint.path === 'trackers/list') {
            const groups = new Map((await hub.storage.listGroups(scope)).map((g) => [g.id, g.name]));
            const devices = await devicesInScope(hub.storage, scope);
            return ok(devices.map((d) => presentTracker(d, groups.get(d.groupId) ?? '')));
          }
          const trackers = await trackersOf(hub.storage, params, scope);
          // The document's examples for `historic` are posted to `/live`; `/live` answers live data whatever
          // start_date, end_date or page it is sent (docs/vendors/gps365.md).
          if (endpoint.path === 'coordinates/live') return ok(live(trackers));
          const answer =
            endpoint.path === 'coordinates/list'
              ? await list(hub.storage, params, trackers, now())
              : await historic(hub.storage, params, trackers, now());
          return ok(answer.result, answer.summary);
        },
      );
    }
  };
