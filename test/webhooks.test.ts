import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

/** Polls until `check` gives a value; the delivery worker runs on its own schedule. */
async function eventually<T>(check: () => Promise<T | null | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never held');
}

describe('event webhooks over HTTP', () => {
  let server: RunningServer;
  let admin: Api;
  let receiver: Server;
  let base: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.dispose();
    await new Promise((r) => receiver?.close(r));
  });

  it('creates, tests, logs, changes and deletes a webhook', async () => {
    const bad = await admin.post('/api/v1/webhooks', { url: `${base}/x`, bodyTemplate: '{"a":"{nope}"}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/nope/);
    expect((await admin.post('/api/v1/webhooks', { url: 'ftp://x' })).status).toBe(400);

    const hook = expectStatus(
      await admin.post('/api/v1/webhooks', { url: `${base}/hook`, name: 'ops', eventTypes: ['sos'] }),
      201,
    );
    expect(hook).toMatchObject({
      name: 'ops',
      eventTypes: ['sos'],
      enabled: true,
      dead: false,
      maxAttempts: 10,
    });
    expect(hook.secret).toMatch(/^.{16,}$/);
    const shown = expectStatus(await admin.get(`/api/v1/webhooks/${hook.id}`), 200);
    expect(shown.secret).toBeUndefined();
    const list = expectStatus(await admin.get('/api/v1/webhooks'), 200);
    expect(list.items.map((w: Json) => w.id)).toContain(hook.id);

    const queued = expectStatus(await admin.post(`/api/v1/webhooks/${hook.id}/test`, {}), 202);
    expect(queued).toMatchObject({ status: 'pending', eventType: 'test' });
    const delivered = await eventually(async () => {
      const log = expectStatus(await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`), 200);
      return log.items.find((d: Json) => d.id === queued.id && d.status === 'delivered');
    });
    expect(delivered.lastStatus).toBe(200);
    const [req] = received;
    expect(JSON.parse(req!.body)).toMatchObject({ webhookId: hook.id, event: { type: 'test' } });
    const [, t, mac] = /^t=(\d+),v1=(\w+)$/.exec(String(req!.headers['x-trackway-signature']))!;
    expect(createHmac('sha256', hook.secret).update(`${t}.${req!.body}`).digest('hex')).toBe(mac);

    const changed = expectStatus(
      await admin.request('PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false, eventTypes: null }),
      200,
    );
    expect(changed).toMatchObject({ enabled: false, eventTypes: null, url: `${base}/hook` });
    expect((await admin.request('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    const missing = await admin.get(`/api/v1/webhooks/${hook.id}`);
    expect(missing.body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });

  it('shows header values and secrets of the URL only to the roles that may change the webhook', async () => {
    const hook = expectStatus(
      await admin.post('/api/v1/webhooks', {
        url: `${base}/hook?team=ops&api_key=k-url-123`,
        headers: { 'x-api-key': 'k-header-123', 'x-device': '{deviceId}' },
      }),
      201,
    );
    const tokenOf = async (role: string) =>
      new Api(
        server.url,
        expectStatus(await admin.post('/api/v1/tokens', { name: role, role, groupId: 1 }), 201).token,
      );
    const viewer = await tokenOf('viewer');
    const manager = await tokenOf('manager');
    for (const seen of [
      expectStatus(await viewer.get(`/api/v1/webhooks/${hook.id}`), 200),
      expectStatus(await viewer.get('/api/v1/webhooks'), 200).items.find((w: Json) => w.id === hook.id),
    ]) {
      expect(seen.headers).toEqual({ 'x-api-key': '[redacted]', 'x-device': '[redacted]' });
      expect(seen.url).toBe(`${base}/hook?team=ops&api_key=[redacted]`);
      expect(JSON.stringify(seen)).not.toMatch(/k-(url|header)-123/);
    }
    const managed = expectStatus(await manager.get(`/api/v1/webhooks/${hook.id}`), 200);
    expect(managed.headers).toEqual({ 'x-api-key': 'k-header-123', 'x-device': '{deviceId}' });
    expect(managed.url).toBe(`${base}/hook?team=ops&api_key=k-url-123`);
  });
});
