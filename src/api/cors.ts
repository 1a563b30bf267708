import cors from '@fastify/cors';
import type { App } from './app.ts';

/**
 * Cross-origin calls from other front ends (CORS), for the origins of the configuration only; none by default,
 * so that a browser lets only the hub's own web app read the API. Credentials are API tokens in the
 * Authorization header: the sign-in cookie is never sent across origins (no `Access-Control-Allow-Credentials`),
 * so a page of an allowed origin acts only with a token its user gave it.
 */
export async function registerCors(app: App, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Last-Event-ID'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'WWW-Authenticate'],
    credentials: false,
    maxAge: 600,
  });
}
