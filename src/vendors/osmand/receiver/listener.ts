import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { drainRefusedBodies } from '../../../api/refused-body.ts';
import { logRequests, serverOptions } from '../../../api/request-log.ts';
import { acceptRepairingRequestLine, repaired } from './request-line.ts';
import { osmandReceiver } from './routes.ts';

const DRAIN_LIMIT_MS = 10_000;

export interface OsmandListener {
  url: string;
  /** Stops accepting, lets requests in flight commit and answer, then closes the remaining connections. */
  stop(): Promise<void>;
}

/**
 * The OsmAnd receiver on a port of its own (5055 is the apps' default), serving every path as Traccar does, and
 * accepting request lines without a leading slash.
 */
export async function startOsmandListener(
  hub: HubContext,
  logger: Logger,
  host: string,
  port: number,
): Promise<OsmandListener> {
  let http: Server | null = null;
  const app = Fastify({
    loggerInstance: logger.child({ listener: 'osmand' }),
    ...serverOptions(hub.config.trustProxy),
    bodyLimit: hub.config.bodyLimit,
    serverFactory: (handler) => (http = createServer(handler)),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  logRequests(app);
  drainRefusedBodies(app, hub.config.bodyLimit);
  // Failed secrets here count with those of the main port.
  if (hub.failedAuth) app.decorate('failedAuth', hub.failedAuth);
  let inFlight = 0;
  app.addHook('onRequest', async () => void inFlight++);
  app.addHook('onResponse', async (_request, reply) => {
    inFlight--;
    hub.metrics.receiverAnswered('osmand', reply.statusCode);
  });
  app.addHook('onSend', async (request, reply) => {
    if (repaired.has(request.raw.socket)) reply.header('connection', 'close');
  });
  await app.register(osmandReceiver(hub, { anyPath: true }));
  await app.ready();
  const server = http as unknown as Server;
  const tcp = createTcpServer((socket) => acceptRepairingRequestLine(socket, server));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  const bound = (tcp.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    async stop() {
      const closed = new Promise((resolve) => tcp.close(resolve));
      const deadline = Date.now() + DRAIN_LIMIT_MS;
      while (inFlight > 0 && Date.now() < deadline) {
        server.closeIdleConnections();
        await new Promise((r) => setTimeout(r, 20));
      }
      server.closeAllConnections();
      await closed;
      await app.close();
    },
  };
}
