import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryPayload } from '../src/callbacks/request.ts';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { startServer, type RunningServer } from './support/server.ts';

const DELIVERIES = 300;

describe('outgoing deliveries with several processes on one PostgreSQL database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('sends each queued delivery once, whichever process claims it', async () => {
    const received: number[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push((JSON.parse(body) as { n: number }).n);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const db = await freshDatabaseUrl();
    cleanups.push(db.drop);
    const storage = new PostgresStorage(db.url, { max: 2 });
    cleanups.push(() => storage.close());
    await storage.migrate();
    const root = await storage.createGroup({ parentId: null, name: 'root' });
    const callback = await storage.createCallback({
      groupId: root.id,
      channel: 'webhook',
      kind: 'event',
      config: { url },
    });
    const now = Date.now();
    for (let n = 0; n < DELIVERIES; n++) {
      const payload: DeliveryPayload = {
        request: {
          channel: 'webhook',
          method: 'POST',
          url,
          headers: {},
          body: JSON.stringify({ n }),
          contentType: 'application/json',
        },
        parameters: {},
      };
      await storage.enqueueDelivery({ callbackId: callback.id, payload: JSON.stringify(payload) }, now);
    }

    // Three processes start together and their workers race for the same queue.
    const servers: RunningServer[] = await Promise.all(
      [0, 1, 2].map(() => startServer({ env: { DATABASE_URL: db.url } })),
    );
    cleanups.push(async () => void (await Promise.all(servers.map((s) => s.dispose()))));
    const deadline = Date.now() + 30_000;
    while (received.length < DELIVERIES && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Anything sent twice would arrive within a poll or two more.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(received).toHaveLength(DELIVERIES);
    expect(new Set(received).size).toBe(DELIVERIES);
    const [row] = await storage.sql`SELECT count(*) FILTER (WHERE status = 'delivered') AS delivered,
      max(attempts) AS attempts FROM deliveries`;
    expect(Number(row!.delivered)).toBe(DELIVERIES);
    expect(Number(row!.attempts)).toBe(1);
  });
});
