import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import { statusError } from '../../../ingest/http.ts';
import type { FaErrorEnvelope } from '../wire.ts';

/**
 * The error for an answer carrying the document's envelope (`success:false`, `status`, `error_message`), at any
 * HTTP status (the import template's `bad_request` comes with 200): a missing app or entity, a refused request
 * and a refused token are fatal, since asking again cannot help; anything else goes by the HTTP status
 * (429, 408 and 5xx retried).
 */
export function envelopeError(response: Response, body: unknown, what: string): Error | null {
  if (!isEnvelope(body)) return response.ok ? null : statusError(response, what);
  const said = body.error_message ? `: ${body.error_message}` : '';
  switch (body.status) {
    case 'not_found':
      return new FatalError(`${what} not found${said}; check the app identifier and the token's entity`);
    case 'bad_request':
      return new FatalError(`${what}: bad request${said}`);
    case 'forbidden':
    case 'unauthorized':
      return new FatalError(`${what}: the API token was refused (${body.status}${said})`);
  }
  if (response.ok) return new RetryableError(`${what}: FollowAnalytics answered ${body.status}${said}`);
  return statusError(response, what);
}

function isEnvelope(body: unknown): body is FaErrorEnvelope {
  return typeof body === 'object' && body != null && (body as { success?: unknown }).success === false;
}
