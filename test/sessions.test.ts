import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { runCli } from './support/cli.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const ADMIN_PASSWORD = 'e2e-admin-password';

/** A fetch client that keeps the session cookie like a browser, and never sends a token. */
class Browser {
  cookie: string | null = null;
  constructor(readonly url: string) {}
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.url + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie)
      this.cookie = /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(setCookie) ? null : setCookie.split(';')[0]!;
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  }
  signIn(login: string, password: string) {
    return this.request('POST', '/api/v1/session', { login, password });
  }
}

describe('web sign-in: users, passwords and session cookies', () => {
  let server: RunningServer;
  let admin: Api;
  let fleet: Json;

  beforeAll(async () => {
    server = await startServer({ env: { TRACKWAY_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    admin = new Api(server.url, ADMIN_TOKEN);
    fleet = expectStatus(await admin.post('/api/v1/groups', { name: 'fleet' }), 201);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('signs the first admin in with the preset password and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const browser = new Browser(server.url);
    const res = await browser.request('POST', '/api/v1/session', {
      login: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'admin', user: { login: 'admin' }, token: null });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^trackway_session=ts_/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(200);
    expect((await browser.request('GET', '/api/v1/session')).body.user.login).toBe('admin');
  });

  it('refuses a wrong password and an unknown login alike, with 401', async () => {
    const browser = new Browser(server.url);
    const wrong = await browser.signIn('admin', 'not-the-password');
    const unknown = await browser.signIn('nobody', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(browser.cookie).toBeNull();
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(401);
  });

  it('slows password guessing: 429 with Retry-After after 10 failures for a login', async () => {
    expectStatus(
      await admin.post('/api/v1/users', { login: 'gus', role: 'viewer', password: 'gus-password-1' }),
      201,
    );
    const browser = new Browser(server.url);
    for (let i = 0; i < 10; i++) expect((await browser.signIn('gus', `guess-${i}`)).status).toBe(401);
    const refused = await browser.signIn('gus', 'gus-password-1');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('signs in with an API token, and the session dies with the token', async () => {
    const token = expectStatus(
      await admin.post('/api/v1/tokens', { name: 'web', role: 'viewer', groupId: fleet.id }),
      201,
    );
    const browser = new Browser(server.url);
    const res = await browser.request('POST', '/api/v1/session', { token: token.token });
    expect(res.body).toMatchObject({ role: 'viewer', user: null, token: { id: token.id } });
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(200);
    expectStatus(await admin.delete(`/api/v1/tokens/${token.id}`), 204);
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(401);
  });

  it('signs a browser in with a one-time link, once, as the user or token that made it', async () => {
    const made = expectStatus(await admin.post('/api/v1/session/link', {}), 201);
    expect(made.url).toMatch(new RegExp(`^${server.url}/api/v1/session/link\\?key=tl_`));
    const path = made.url.slice(server.url.length);
    const browser = new Browser(server.url);
    const opened = await fetch(made.url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    browser.cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const me = await browser.request('GET', '/api/v1/session');
    expect(me.body).toMatchObject({ role: 'admin', user: null, token: { name: expect.any(String) } });
    const again = await new Browser(server.url).request('GET', path);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('UNAUTHORIZED');
    // The key is no cookie: only the exchange turns it into a session.
    const key = decodeURIComponent(path.split('key=')[1]!);
    const forged = new Browser(server.url);
    forged.cookie = `trackway_session=${key}`;
    expect((await forged.request('GET', '/api/v1/devices')).status).toBe(401);
    expect((await new Browser(server.url).request('GET', '/api/v1/session/link')).status).toBe(400);
  });

  it('ends the session at sign-out', async () => {
    const browser = new Browser(server.url);
    await browser.signIn('admin', ADMIN_PASSWORD);
    const kept = browser.cookie!;
    expect((await browser.request('DELETE', '/api/v1/session')).status).toBe(204);
    expect(browser.cookie).toBeNull();
    browser.cookie = kept;
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(401);
  });

  it('carries the live stream on the cookie alone, as EventSource does', async () => {
    const browser = new Browser(server.url);
    await browser.signIn('admin', ADMIN_PASSWORD);
    const abort = new AbortController();
    const res = await fetch(`${server.url}/api/v1/stream`, {
      headers: { cookie: browser.cookie! },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    abort.abort();
  });

  it('refuses a change from a foreign origin on a cookie', async () => {
    const browser = new Browser(server.url);
    await browser.signIn('admin', ADMIN_PASSWORD);
    const res = await browser.request(
      'POST',
      '/api/v1/groups',
      { name: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    const change = (origin: string) => browser.request('POST', '/api/v1/groups', { name: 'x' }, { origin });
    expect((await change('null')).status).toBe(403);
    expect((await change(server.url)).status).toBe(201);
  });

  it('lets an admin create, change and disable users, scoped and never above its own role', async () => {
    const viewer = expectStatus(
      await admin.post('/api/v1/users', {
        login: 'vera',
        role: 'viewer',
        groupId: fleet.id,
        password: 'vera-password-1',
      }),
      201,
    );
    expect(viewer).toMatchObject({
      login: 'vera',
      name: 'vera',
      role: 'viewer',
      groupId: fleet.id,
      disabledAt: null,
    });
    expect(JSON.stringify(viewer)).not.toMatch(/password|scrypt/i);
    expect(
      (await admin.post('/api/v1/users', { login: 'vera', role: 'viewer', password: 'another-pass' })).status,
    ).toBe(409);
    expect(
      (await admin.post('/api/v1/users', { login: 'short', role: 'viewer', password: 'short' })).status,
    ).toBe(400);

    const browser = new Browser(server.url);
    expect((await browser.signIn('vera', 'vera-password-1')).body.role).toBe('viewer');
    expect((await browser.request('GET', '/api/v1/users')).status).toBe(403);
    expect((await browser.request('POST', '/api/v1/ingest', [])).status).toBe(403);

    const listed = expectStatus(await admin.get('/api/v1/users'), 200);
    expect(listed.items.map((u: Json) => u.login)).toEqual(expect.arrayContaining(['admin', 'vera']));
    expectStatus(await admin.patch(`/api/v1/users/${viewer.id}`, { disabled: true }), 200);
    expect((await browser.request('GET', '/api/v1/devices')).status).toBe(401);
    expect((await browser.signIn('vera', 'vera-password-1')).status).toBe(401);
    expectStatus(
      await admin.patch(`/api/v1/users/${viewer.id}`, { disabled: false, password: 'vera-password-2' }),
      200,
    );
    expect((await browser.signIn('vera', 'vera-password-2')).status).toBe(201);
    expect((await admin.patch('/api/v1/users/9999', { name: 'x' })).status).toBe(404);
  });

  it("changes a user's own password: the old one stops working, other sessions end, this one goes on", async () => {
    expectStatus(
      await admin.post('/api/v1/users', { login: 'olga', role: 'viewer', password: 'olga-password-1' }),
      201,
    );
    const here = new Browser(server.url);
    const elsewhere = new Browser(server.url);
    await here.signIn('olga', 'olga-password-1');
    await elsewhere.signIn('olga', 'olga-password-1');
    const change = (currentPassword: string, newPassword: string) =>
      here.request('PUT', '/api/v1/session/password', { currentPassword, newPassword });
    expect((await change('wrong-password', 'olga-password-2')).status).toBe(403);
    expect((await change('olga-password-1', 'olga-password-2')).status).toBe(204);
    expect((await here.request('GET', '/api/v1/session')).status).toBe(200);
    expect((await elsewhere.request('GET', '/api/v1/session')).status).toBe(401);
    expect((await new Browser(server.url).signIn('olga', 'olga-password-1')).status).toBe(401);
    expect((await new Browser(server.url).signIn('olga', 'olga-password-2')).status).toBe(201);
    const tokenSession = new Browser(server.url);
    await tokenSession.request('POST', '/api/v1/session', { token: ADMIN_TOKEN });
    expect(
      (
        await tokenSession.request('PUT', '/api/v1/session/password', {
          currentPassword: 'x',
          newPassword: 'y'.repeat(12),
        })
      ).status,
    ).toBe(403);
  });

  it('creates a user from the command line with a password from the environment', async () => {
    const cli = await runCli(
      ['user', 'create', '--login', 'carl', '--role', 'manager', '--data-dir', server.dataDir],
      {
        env: { TRACKWAY_USER_PASSWORD: 'carl-password-1' },
      },
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe('');
    expect((await new Browser(server.url).signIn('carl', 'carl-password-1')).body.role).toBe('manager');
    const list = await runCli(['user', 'list', '--json', '--data-dir', server.dataDir]);
    expect(JSON.parse(list.stdout).map((u: Json) => u.login)).toContain('carl');
  });
});

describe('the first web user', () => {
  it('gets a generated password printed at the first start only, and signs in with it', async () => {
    const server = await startServer();
    try {
      const [, password] = await server.waitForStderr(
        /user "admin", password \(shown once, keep it safe\): (\S+)/,
      );
      const res = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password }),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as Json).role).toBe('admin');
      await server.stop();
      const again = await startServer({ dataDir: server.dataDir });
      // Stopped first, so that everything it printed has arrived.
      await again.stop();
      expect(again.stderr()).toMatch(/Trackway listening/);
      expect(again.stderr()).not.toMatch(/password/);
    } finally {
      await server.dispose();
    }
  });
});
