import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubContext } from './context.ts';
import type { App } from './app.ts';

/** Where `npm run build:web` (run by `npm ci`) puts the web app. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/**
 * The web app as static files from the hub itself: hashed assets are immutable, index.html is revalidated so a
 * new build is picked up at once. `/web-config.json` tells the app where its base map comes from.
 */
export const webAppRoutes = (hub: HubContext) => async (app: App) => {
  app.get('/web-config.json', { schema: { hide: true } }, async () => ({ map: hub.config.map }));
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built; run "npm run build:web" (npm ci does it) and restart.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    // Only the files present at start-up get routes, so unknown paths keep the API's 404.
    wildcard: false,
    cacheControl: false,
    setHeaders(res, path) {
      // The sign-in page must not be framed by another site (clickjacking), nor files sniffed as another type.
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'same-origin');
      res.setHeader(
        'cache-control',
        path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
};
