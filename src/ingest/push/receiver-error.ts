import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { withAcceptedMediaTypes } from '../../api/media-types.ts';
import { TooManyFailedAttempts } from '../../auth/failed-auth-limit.ts';

/** A refusal of a push receiver (every receiver answers with it, in the API's error shape): HTTP status, stable code and a reason the sender's operator can act on. */
export class ReceiverError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Set for a refusal the operator must see (logged at warn with these fields): one the sender ignores. */
    readonly warn: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/**
 * Error handler of a receiver mount. Bad input gets its status and reason; a fault gets 500 so that the app keeps
 * the data and sends it again (nothing was acknowledged).
 */
export function receiverErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const err = withAcceptedMediaTypes(error, request);
  if (err instanceof ReceiverError) {
    if (err.status === 401) reply.header('www-authenticate', 'Basic realm="trackway"');
    const fields = { status: err.status, code: err.code, reason: err.message };
    if (err.warn) request.log.warn({ ...fields, ...err.warn }, 'receiver refused a request');
    else request.log.debug(fields, 'receiver refused a request');
    return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
  }
  if (err instanceof TooManyFailedAttempts) {
    return reply
      .status(429)
      .header('retry-after', err.retryAfterSeconds)
      .send({ error: { code: 'TOO_MANY_REQUESTS', message: err.message } });
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status >= 500) request.log.error({ err }, 'receiver request failed');
  const message = status >= 500 ? 'internal error; see the server log' : err.message;
  const code = status >= 500 ? 'INTERNAL' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  return reply.status(status).send({ error: { code, message } });
}
