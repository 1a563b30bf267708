import { randomUUID } from 'node:crypto';
import { LogController, type FastifyServerOptions } from 'fastify';
import { redactUrl } from '../lib/redact.ts';
import type { App } from './app.ts';

/** Paths polled by monitors: logged at debug, so that they do not drown the info log. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** A caller's X-Request-Id is kept when it is a plain token; anything else gets an id of ours. */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Options every HTTP server of the hub shares: request ids from `X-Request-Id` (or new ones), the proxy setting,
 * and no built-in request logging, since it writes full URLs and receivers take secrets in query strings.
 */
export function serverOptions(trustProxy: boolean | string): Partial<FastifyServerOptions> {
  return {
    trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

/**
 * One log line per answered request, with the URL's secrets redacted (lib/redact.ts) and no headers; the request
 * id is returned in `X-Request-Id` so that a caller can quote it.
 */
export function logRequests(app: App): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const line = {
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      remote: request.ip,
    };
    if (QUIET_PATHS.has(path)) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });
}
