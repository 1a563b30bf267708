import type { FastifyError, FastifyRequest } from 'fastify';

/**
 * The media types a route reads: its schema's `consumes`, the list its OpenAPI entry shows, or JSON, which a
 * route with a body reads when it names none.
 */
export function acceptedMediaTypes(request: FastifyRequest): string[] {
  const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
  return consumes?.length ? consumes : ['application/json'];
}

/**
 * Fastify refuses a body it has no parser for with a bare "Unsupported Media Type". The answer names what was
 * sent and what the route reads, so that the caller can fix the request.
 */
export function unsupportedMediaTypeMessage(request: FastifyRequest): string {
  const sent = request.headers['content-type'];
  const what = sent ? `Content-Type ${sent.split(';')[0]!.trim()}` : 'a body without a Content-Type';
  return `this endpoint does not read ${what}; send ${acceptedMediaTypes(request).join(' or ')}`;
}

/** The error with its message naming the accepted media types when it is Fastify's 415; otherwise as it is. */
export function withAcceptedMediaTypes<E extends FastifyError>(err: E, request: FastifyRequest): E {
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') err.message = unsupportedMediaTypeMessage(request);
  return err;
}
