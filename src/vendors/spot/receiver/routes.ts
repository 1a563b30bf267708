import { Type } from '@sinclair/typebox';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { PUSH_SOURCE_SECURITY } from '../../../api/openapi/document.ts';
import { commitRecords } from '../../../ingest/push/commit-records.ts';
import { ReceiverError, receiverErrorHandler } from '../../../ingest/push/receiver-error.ts';
import { RECEIVER_BODY_LIMIT } from '../../../ingest/push/body-limit.ts';
import { authenticatePushSource, type PushTarget } from '../../../ingest/push/source-auth.ts';
import { SPOT_VENDOR, toRecord } from '../connector/to-records.ts';
import { parsePush, SpotPushError } from './parse-push.ts';

export const PUSH_PREFIX = '/ingest/spot';

type PushHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'>;

/**
 * A push may go to a push source or to the feed (pull) source of the same messengers: a message then arriving
 * both ways has one identity in one source and is stored once.
 */
/** SPOT push also goes into the feed (pull) source, so a message arriving both ways is stored once. */
export const SPOT_PUSH_TARGET: PushTarget = { vendor: SPOT_VENDOR, kinds: ['push', 'pull'] };

/**
 * SPOT push: the spotXml-v2 `messageList` SPOT POSTs to the customer's server, into one SPOT source at
 * `/ingest/spot/{sourceId}`. Answers 200 only after the commit, so that SPOT sends again whatever was not stored;
 * a malformed body is a 400 and nothing of it is stored.
 */
export const spotPushRoutes = (hub: PushHub) => async (app: App) => {
  app.setErrorHandler(receiverErrorHandler);
  // SPOT sends XML under one content type or another: read every body as text and parse it here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: RECEIVER_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/:sourceId',
    {
      schema: {
        tags: ['receivers'],
        summary: 'SPOT push (spotXml-v2 messageList) into a SPOT source',
        params: Type.Object({ sourceId: Type.Integer() }),
        querystring: Type.Object({ secret: Type.Optional(Type.String()) }),
        security: PUSH_SOURCE_SECURITY,
        response: {
          200: Type.Object({
            accepted: Type.Integer({ description: 'Messages stored' }),
            merged: Type.Integer({
              description: 'Messages whose position was stored already and gained fields this copy brings',
            }),
            duplicate: Type.Integer({ description: 'Messages stored already' }),
          }),
        },
      },
    },
    async (request, reply) => {
      if (!hub.state.ready)
        throw new ReceiverError(503, 'NOT_READY', 'the server is starting or shutting down');
      const sender = await authenticatePushSource(
        hub.storage,
        request,
        request.params.sourceId,
        SPOT_PUSH_TARGET,
      );
      let messages;
      try {
        messages = parsePush(typeof request.body === 'string' ? request.body : '');
      } catch (err) {
        if (err instanceof SpotPushError) throw new ReceiverError(400, 'INVALID_BODY', err.message);
        throw err;
      }
      const foreign =
        sender.boundTo == null ? undefined : messages.find((m) => m.messengerId !== sender.boundTo);
      if (foreign) {
        throw new ReceiverError(
          403,
          'FORBIDDEN',
          `this secret is bound to messenger ${sender.boundTo}, not ${foreign.messengerId}; nothing was stored`,
        );
      }
      const summary = await commitRecords(hub.pipeline, messages.map(toRecord), sender);
      return reply.status(200).send(summary);
    },
  );
};
