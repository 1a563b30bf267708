import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import { hashSecret } from '../../../auth/secrets.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from './hub.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * What the facade tests stand on, fresh for each test: a hub with a Sigfox source and device type, the group's
 * v1 credentials, a user's HTTP server on loopback (answering `answers` in turn, then 200), and helpers.
 */
export function useFacadeFixture() {
  const f = {
    t: null as unknown as Awaited<ReturnType<typeof startTestHub>>,
    src: null as unknown as Awaited<ReturnType<typeof sigfoxSource>>,
    basic: '',
    typeId: 0,
    userUrl: '',
    answers: [] as number[],
    /** A v1 API call with the group's credentials (or `auth`), JSON in and out. */
    async api(path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}) {
      const headers: Record<string, string> = {};
      if (init.auth !== null) headers.authorization = init.auth ?? f.basic;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${f.t.url}/compat/sigfox/api${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
    },
    /** A network callback for device 2C30EA into the source. */
    uplink(body: Record<string, unknown>) {
      return fetch(`${f.t.url}/ingest/sigfox/${f.src.source.id}?secret=${f.src.secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          device: '2C30EA',
          snr: 12.5,
          rssi: -120,
          station: '1D44',
          lat: 1,
          lng: 104,
          ...body,
        }),
      });
    },
    /** Generates the group's credentials again through the native API. */
    regenerate() {
      return fetch(`${f.t.url}/compat/sigfox/credentials`, {
        method: 'POST',
        headers: { authorization: 'Bearer tw_test-token', 'content-type': 'application/json' },
        body: '{}',
      });
    },
  };
  let user: Server;
  beforeEach(async () => {
    f.t = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
    f.src = await sigfoxSource(f.t.storage);
    const type = await f.t.storage.createDeviceType({
      groupId: f.src.group.id,
      name: 'trackers',
      keepAlive: 30,
    });
    f.typeId = type.id;
    await f.t.storage.updateSource(f.src.source.id, { settings: { deviceTypeId: f.typeId } });
    await f.t.storage.createCredential({
      groupId: f.src.group.id,
      role: 'manager',
      kind: 'token',
      name: 'admin',
      prefix: 'tw_test',
      secretHash: hashSecret('tw_test-token'),
    });
    const res = await f.regenerate();
    expect(res.status).toBe(201);
    const { login, password } = (await res.json()) as { login: string; password: string };
    f.basic = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
    f.answers = [];
    user = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = f.answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((r) => user.listen(0, '127.0.0.1', r));
    f.userUrl = `http://127.0.0.1:${(user.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => user.close(r));
    await f.t.stop();
  });
  return f;
}
