import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** The bodies received, parsed, in order. */
  readonly received: readonly Record<string, unknown>[];
  stop(): Promise<void>;
}

/** A local endpoint the demo's webhook delivers to: it answers 204 and keeps each JSON body. */
export async function startWebhookReceiver(
  onDelivery: (body: Record<string, unknown>) => void,
): Promise<WebhookReceiver> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(text) as Record<string, unknown>;
        received.push(body);
        onDelivery(body);
        res.writeHead(204).end();
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('expected a JSON body');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trackway-events`,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
