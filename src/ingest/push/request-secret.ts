import type { FastifyRequest } from 'fastify';

/** The password of `Authorization: Basic …`, and its user name; null when the header is absent or not Basic. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * The receiver secret a push request carries, wherever the sending service lets its user put it: `?secret=` in
 * the URL (vendor consoles such as SPOT's or the Sigfox callback form take only a URL), `X-Trackway-Secret`,
 * `Authorization: Bearer`, or the password of `Authorization: Basic`. Null when there is none.
 */
export function requestSecret(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const header = request.headers['x-trackway-secret'];
  const authorization = request.headers.authorization;
  return (
    (typeof query?.secret === 'string' && query.secret) ||
    (typeof header === 'string' && header) ||
    /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ||
    basicCredentials(authorization)?.password ||
    null
  );
}
