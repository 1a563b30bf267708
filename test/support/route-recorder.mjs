// Preloaded into a server under test (`node --import`): records every route Fastify registers, one JSON line
// each, to the file named by E2E_ROUTES_FILE. Fastify announces each new instance on this diagnostics channel,
// so the hook sees routes of every plugin, whatever the server's wiring.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';

const file = process.env.E2E_ROUTES_FILE;
if (file) {
  subscribe('fastify.initialization', ({ fastify }) => {
    fastify.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      for (const method of methods) {
        appendFileSync(
          file,
          JSON.stringify({ method, url: route.url, hide: route.schema?.hide === true }) + '\n',
        );
      }
    });
  });
}
