import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from '../../../lib/redact.ts';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { SENDER_SECURITY } from '../../../api/openapi/document.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import { commitRecords } from '../../../ingest/push/commit-records.ts';
import { ReceiverError, receiverErrorHandler } from '../../../ingest/push/receiver-error.ts';
import { RECEIVER_BODY_LIMIT } from '../../../ingest/push/body-limit.ts';
import { basicCredentials } from '../../../ingest/push/request-secret.ts';
import { authenticateSender } from '../../../ingest/push/source-auth.ts';
import { parseOsmandJson } from './parse-json.ts';
import { OSMAND_VENDOR, parseOsmandParams } from './parse-params.ts';

/** Mounted on the main port under this prefix; the optional listener of its own serves every path. */
export const OSMAND_PREFIX = '/ingest/osmand';

/**
 * The OsmAnd protocol receiver (Traccar Client, OsmAnd, GPS loggers): GET or POST, fields in the query string, a
 * form body, or the JSON body of the newer Traccar Client. Answers 200 with an empty body once committed.
 */
export function osmandReceiver(hub: HubContext, options: { anyPath: boolean }) {
  return async (app: App) => {
    app.setErrorHandler(receiverErrorHandler);
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        error: { code: 'NOT_FOUND', message: `no route ${request.method} ${redactUrl(request.url)}` },
      }),
    );
    // Apps send form bodies, JSON, or a body with no declared type at all: read every body as text here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: RECEIVER_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    const handler = (request: FastifyRequest, reply: FastifyReply) => receive(hub, request, reply);
    const schema = {
      tags: ['receivers'],
      summary: 'OsmAnd protocol (Traccar Client, OsmAnd, GPS loggers): one position per request',
      description:
        'Fields in the query string, a form body or the JSON body of the newer Traccar Client; the device ' +
        'secret as the Basic auth password or the `token` parameter. 200 with an empty body once committed. ' +
        'See docs/receivers/osmand.md.',
      security: SENDER_SECURITY,
      response: {
        200: {
          description: 'Committed: an empty body',
          content: { 'text/plain': { schema: { type: 'string', maxLength: 0 } } },
        },
      },
    };
    if (options.anyPath) app.route({ method: ['GET', 'POST'], url: '/*', handler });
    else app.route({ method: ['GET', 'POST'], url: '', handler, schema });
  };
}

async function receive(hub: HubContext, request: FastifyRequest, reply: FastifyReply) {
  if (!hub.state.ready) throw new ReceiverError(503, 'NOT_READY', 'the server is starting or shutting down');
  const url = request.url;
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const body = typeof request.body === 'string' ? request.body : '';
  let externalId: string;
  let records: IngestRecord[];
  if (/^\s*[[{]/.test(body)) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (err) {
      throw new ReceiverError(
        400,
        'INVALID_REQUEST',
        `the body is not valid JSON: ${(err as Error).message}`,
      );
    }
    ({ externalId, records } = parseOsmandJson(json));
  } else {
    for (const [k, v] of new URLSearchParams(body.trim())) query.append(k, v);
    const parsed = parseOsmandParams(query, Date.now());
    externalId = parsed.externalId;
    records = [parsed.record];
  }
  const secret = basicCredentials(request.headers.authorization)?.password ?? query.get('token');
  const source = await authenticateSender(hub.storage, request, OSMAND_VENDOR, secret, externalId);
  await commitRecords(hub.pipeline, records, source);
  return reply.status(200).send('');
}
