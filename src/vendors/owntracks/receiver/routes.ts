import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { SENDER_SECURITY } from '../../../api/openapi/document.ts';
import { commitRecords } from '../../../ingest/push/commit-records.ts';
import { ReceiverError, receiverErrorHandler } from '../../../ingest/push/receiver-error.ts';
import { RECEIVER_BODY_LIMIT } from '../../../ingest/push/body-limit.ts';
import { basicCredentials } from '../../../ingest/push/request-secret.ts';
import { authenticateSender } from '../../../ingest/push/source-auth.ts';
import { identityFromBody, OWNTRACKS_VENDOR, parseOwntracksMessage } from './parse-message.ts';

export const OWNTRACKS_PREFIX = '/ingest/owntracks';

/**
 * OwnTracks in HTTP mode: the app POSTs one JSON message per request and expects a JSON array back (of messages
 * for it; we have none, so `[]`). User and device come from `X-Limit-U`/`X-Limit-D` (or `?u=&d=`).
 */
export const owntracksRoutes = (hub: HubContext) => async (app: App) => {
  await app.register(
    async (scope: App) => {
      scope.setErrorHandler(receiverErrorHandler);
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'string', bodyLimit: RECEIVER_BODY_LIMIT },
        (_req, body, done) => done(null, body),
      );
      const handler = (request: FastifyRequest, reply: FastifyReply) => receive(hub, request, reply);
      const schema = {
        tags: ['receivers'],
        summary: 'OwnTracks in HTTP mode: one JSON message per request, answered with []',
        description:
          'User and device from X-Limit-U/X-Limit-D (or ?u=&d=), the secret as the Basic auth password (or ' +
          '?token=). See docs/receivers/owntracks.md.',
        security: SENDER_SECURITY,
        response: {
          // OwnTracks HTTP mode reads the answer as messages for the phone (friends' locations, commands); the
          // receiver sends none.
          200: {
            description: 'Stored (or nothing to store): an empty list of messages for the phone',
            content: {
              'application/json': { schema: { type: 'array', items: { type: 'object' }, maxItems: 0 } },
            },
          },
        },
      };
      scope.post('', { schema }, handler);
    },
    { prefix: OWNTRACKS_PREFIX },
  );
};

async function receive(hub: HubContext, request: FastifyRequest, reply: FastifyReply) {
  if (!hub.state.ready) throw new ReceiverError(503, 'NOT_READY', 'the server is starting or shutting down');
  const text = typeof request.body === 'string' ? request.body : '';
  // The apps send empty bodies (e.g. a ping); there is nothing to store.
  if (!text.trim()) return reply.type('application/json').send('[]');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReceiverError(400, 'INVALID_REQUEST', `the body is not valid JSON: ${(err as Error).message}`);
  }
  const query = request.query as Record<string, string | undefined>;
  const basic = basicCredentials(request.headers.authorization);
  const user = header(request, 'x-limit-u') ?? query.u ?? basic?.user ?? null;
  const dev = header(request, 'x-limit-d') ?? query.d ?? null;
  const fromBody = identityFromBody(value);
  const externalId =
    user && dev
      ? `${user}/${dev}`
      : fromBody && user && !fromBody.includes('/')
        ? `${user}/${fromBody}`
        : fromBody;
  if (!externalId) {
    throw new ReceiverError(
      400,
      'INVALID_REQUEST',
      'cannot tell the device: send X-Limit-U and X-Limit-D (or ?u=&d=)',
    );
  }
  const records = parseOwntracksMessage(value, externalId);
  const source = await authenticateSender(
    hub.storage,
    request,
    OWNTRACKS_VENDOR,
    basic?.password ?? query.token ?? null,
    externalId,
  );
  if (records.length) await commitRecords(hub.pipeline, records, source);
  return reply.type('application/json').send('[]');
}

function header(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s : null;
}
