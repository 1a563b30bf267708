import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

/**
 * Sigfox through the real server: network callbacks in, DATA callbacks out by the server's delivery worker
 * (HTTP and email over loopback), the backend API v1 facade with generated credentials.
 */
describe('Sigfox end to end', () => {
  let server: RunningServer;
  let api: Api;
  let user: Server;
  let smtp: SMTPServer;
  const calls: { url: string; body: string }[] = [];
  const mails: string[] = [];
  let userUrl: string;

  beforeAll(async () => {
    user = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push({ url: req.url!, body });
        res.end();
      });
    });
    await new Promise<void>((r) => user.listen(0, '127.0.0.1', r));
    userUrl = `http://127.0.0.1:${(user.address() as AddressInfo).port}`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (c) => (data += c));
        stream.on('end', () => {
          mails.push(data);
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    server = await startServer({ env: { TRACKWAY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
    api = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
    await new Promise((r) => user?.close(r));
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
    return check();
  };

  it('takes callbacks, forwards them by URL and email, and serves them back through the v1 API', async () => {
    const group = expectStatus(await api.post('/api/v1/groups', { name: 'sensors' }), 201);
    const type = expectStatus(
      await api.post('/api/v1/device-types', {
        groupId: group.id,
        name: 'meters',
        payloadType: 'custom',
        payloadConfig: 'count::uint:16',
      }),
      201,
    );
    const source = expectStatus(
      await api.post('/api/v1/sources', {
        groupId: group.id,
        vendor: 'sigfox',
        kind: 'push',
        name: 'network',
        settings: { deviceTypeId: type.id },
      }),
      201,
    );
    const { secret } = expectStatus(
      await api.post(`/api/v1/sources/${source.id}/secrets`, { name: 'backend' }),
      201,
    );
    const creds: Json = expectStatus(
      await api.post('/compat/sigfox/credentials', { groupId: group.id }),
      201,
    );
    const sigfox = async (path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/compat/sigfox/api${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${creds.login}:${creds.password}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const created = await sigfox(`/devicetypes/${type.id}/callbacks/new`, [
      {
        channel: 'URL',
        callbackType: 0,
        callbackSubtype: 2,
        url: `${userUrl}/up?id={device}&n={customData#count}`,
        httpMethod: 'GET',
      },
      {
        channel: 'EMAIL',
        callbackType: 0,
        callbackSubtype: 2,
        subject: 'uplink {device}',
        recipient: 'ops@example.test',
        message: 'count {customData#count}',
      },
    ]);
    expect(created.status).toBe(200);
    const res = await fetch(`${server.url}/ingest/sigfox/${source.id}?secret=${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'device=BEEF01&time=1700000000&seqNumber=7&data=002a&snr=10.00&station=1D44&rssi=-121.00',
    });
    expect(res.status).toBe(204);
    expect(await waitFor(() => calls.length > 0 && mails.length > 0)).toBe(true);
    expect(calls[0]!.url).toBe('/up?id=BEEF01&n=42');
    expect(mails[0]).toContain('Subject: uplink BEEF01');
    expect(mails[0]).toContain('count 42');
    const messages = await sigfox('/devices/BEEF01/messages');
    expect(messages.body.data).toMatchObject([
      { device: 'BEEF01', time: 1700000000, data: '002a', snr: '10.0' },
    ]);
    const native = expectStatus(await api.get(`/api/v1/devices?groupId=${group.id}`), 200);
    expect(native.items[0]).toMatchObject({ typeId: type.id });
  });
});
