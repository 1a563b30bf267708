import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { basic, pushSourceWithSecret } from './support/receivers.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const LIMIT = 5;
const FEED = '/compat/spot/spot-main-web/consumer/rest-api/2.0/public/feed';

/** One way in that takes a credential: a request with it, and the shape its 429 answers in. */
interface Door {
  name: string;
  send(credential: string, headers: Record<string, string>): Promise<Response>;
  right(): string;
  /** The status of a wrong credential: 401, except where the vendor's document answers otherwise. */
  wrongStatus?: number;
  /** The refusal of a client over its limit, in this door's error shape. */
  limited(body: string): void;
}

const json = (text: string): Json => JSON.parse(text);
const apiShape = (body: string) => expect(json(body).error.code).toBe('TOO_MANY_REQUESTS');

/**
 * Guessing credentials is slowed per client address: after LIMIT failures every credential from that address,
 * a correct one too, is answered 429 with Retry-After, in the shape of the API called, until the window has
 * passed; successful requests never count. The client address is taken from X-Forwarded-For because the hub is
 * told to trust its proxy, so that each door here is tried from an address of its own.
 */
describe('limits on guessing credentials', () => {
  let server: RunningServer;
  let admin: Api;
  const creds: Record<string, string> = {};
  let ids: Record<string, number> = {};
  let next = 1;
  const address = () => `198.51.100.${next++}`;

  beforeAll(async () => {
    server = await startServer({
      env: {
        TRACKWAY_TRUST_PROXY: 'true',
        TRACKWAY_AUTH_FAILURES: String(LIMIT),
        TRACKWAY_AUTH_FAILURE_WINDOW: '600',
      },
    });
    admin = new Api(server.url, ADMIN_TOKEN);
    const viewer = expectStatus(
      await admin.post('/api/v1/tokens', { name: 'viewer', role: 'viewer', groupId: 1 }),
      201,
    );
    creds.token = viewer.token;
    for (const vendor of ['osmand', 'owntracks', 'spot', 'sigfox']) {
      const { source, secret } = await pushSourceWithSecret(admin, vendor);
      creds[vendor] = secret;
      ids = { ...ids, [vendor]: source.id };
    }
    const sigfox = expectStatus(await admin.post('/compat/sigfox/credentials', {}), 201);
    creds.sigfoxApi = `${sigfox.login}:${sigfox.password}`;
    const device = expectStatus(await admin.post('/api/v1/devices', { name: 'beacon' }), 201);
    const feed = expectStatus(
      await admin.post('/api/v1/spot/feeds', { name: 'trip', deviceIds: [device.id], password: 'summit' }),
      201,
    );
    creds.feedId = feed.feedId;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(server.url + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });

  const doors: Door[] = [
    {
      name: 'native API token',
      send: (token, h) => call('GET', '/api/v1/session', { ...h, authorization: `Bearer ${token}` }),
      right: () => creds.token!,
      limited: apiShape,
    },
    {
      name: 'OsmAnd receiver ?token=',
      send: (secret, h) =>
        call('GET', `/ingest/osmand?id=phone&lat=1&lon=2&timestamp=1700000000&token=${secret}`, h),
      right: () => creds.osmand!,
      limited: apiShape,
    },
    {
      name: 'OwnTracks receiver Basic password',
      send: (secret, h) =>
        call(
          'POST',
          '/ingest/owntracks',
          {
            ...h,
            authorization: basic('ann', secret),
            'x-limit-d': 'phone',
            'content-type': 'application/json',
          },
          JSON.stringify({ _type: 'location', lat: 1, lon: 2, tst: 1700000000 }),
        ),
      right: () => creds.owntracks!,
      limited: apiShape,
    },
    {
      name: 'SPOT push ?secret=',
      send: (secret, h) =>
        call(
          'POST',
          `/ingest/spot/${ids.spot}?secret=${secret}`,
          { ...h, 'content-type': 'text/xml' },
          '<x/>',
        ),
      right: () => creds.spot!,
      limited: apiShape,
    },
    {
      name: 'Sigfox callback ?secret=',
      send: (secret, h) =>
        call(
          'POST',
          `/ingest/sigfox/${ids.sigfox}?secret=${secret}`,
          { ...h, 'content-type': 'application/x-www-form-urlencoded' },
          'device=BEEF01&time=1700000000&seqNumber=7&data=002a',
        ),
      right: () => creds.sigfox!,
      limited: apiShape,
    },
    {
      name: 'Sigfox API v1 Basic credentials',
      send: (pair, h) =>
        call('GET', '/compat/sigfox/api/devicetypes', {
          ...h,
          authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
        }),
      right: () => creds.sigfoxApi!,
      limited: (body) => expect(json(body).message).toMatch(/too many failed/),
    },
    {
      name: 'GPS365 api_token',
      send: (token, h) =>
        call(
          'POST',
          '/compat/gps365/api/trackers/list',
          { ...h, 'content-type': 'application/x-www-form-urlencoded' },
          `api_token=${token}`,
        ),
      right: () => creds.token!,
      limited: (body) => expect(json(body).response).toMatchObject({ status: 'error', code: 429 }),
    },
    {
      name: 'MiX X-Auth',
      send: (token, h) => call('GET', `/compat/mix/trips/${Date.now()}`, { ...h, 'x-auth': token }),
      right: () => creds.token!,
      limited: (body) => expect(body).toMatch(/^Too Many Requests: /),
    },
    {
      name: 'FollowAnalytics Token',
      send: (token, h) =>
        call('GET', '/compat/followapps/api/apps/1/locations', { ...h, authorization: `Token ${token}` }),
      right: () => creds.token!,
      limited: (body) => expect(json(body)).toMatchObject({ status: 'too_many_requests', success: false }),
    },
    {
      name: 'SPOT feed password',
      send: (password, h) => call('GET', `${FEED}/${creds.feedId}/message.json?feedPassword=${password}`, h),
      right: () => 'summit',
      // Document 000 answers a wrong feed password with 200 and its error E-0161.
      wrongStatus: 200,
      limited: (body) => expect(json(body).response.errors.error.code).toBe('E-0429'),
    },
  ];

  for (const door of doors) {
    it(`${door.name}: 429 with Retry-After after ${LIMIT} failures, a correct credential too`, async () => {
      const client = { 'x-forwarded-for': address() };
      // Successes are not counted: more of them than the limit, and the client is still welcome.
      for (let i = 0; i < LIMIT + 2; i++) {
        expect([401, 429]).not.toContain((await door.send(door.right(), client)).status);
      }
      for (let i = 0; i < LIMIT; i++) {
        const res = await door.send(`wrong-${i}`, client);
        expect(res.status).toBe(door.wrongStatus ?? 401);
        await res.arrayBuffer();
      }
      for (const credential of [`wrong-${LIMIT}`, door.right()]) {
        const refused = await door.send(credential, client);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
        door.limited(await refused.text());
      }
      // Another address is not concerned.
      const other = await door.send(door.right(), { 'x-forwarded-for': address() });
      expect([401, 429]).not.toContain(other.status);
    });
  }

  it('counts every kind of failure from one address together', async () => {
    const client = { 'x-forwarded-for': address() };
    for (let i = 0; i < LIMIT; i++) {
      const res = await doors[i % doors.length]!.send(`wrong-${i}`, client);
      expect(res.status).toBe(401);
    }
    expect((await doors[0]!.send(creds.token!, client)).status).toBe(429);
  });

  it("counts a wrong current password of a password change, which is a guess of the user's password", async () => {
    expectStatus(
      await admin.post('/api/v1/users', { login: 'pia', role: 'viewer', password: 'pia-password-1' }),
      201,
    );
    const client = { 'x-forwarded-for': address(), 'content-type': 'application/json' };
    const signedIn = await call(
      'POST',
      '/api/v1/session',
      client,
      JSON.stringify({ login: 'pia', password: 'pia-password-1' }),
    );
    expect(signedIn.status).toBe(201);
    const browser = { ...client, cookie: signedIn.headers.get('set-cookie')!.split(';')[0]! };
    const change = (currentPassword: string) =>
      call(
        'PUT',
        '/api/v1/session/password',
        browser,
        JSON.stringify({ currentPassword, newPassword: 'pia-password-2' }),
      );
    for (let i = 0; i < LIMIT; i++) expect((await change(`wrong-${i}`)).status).toBe(403);
    const refused = await change('pia-password-1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    apiShape(await refused.text());
  });

  it('does not count a request without any credential', async () => {
    const client = { 'x-forwarded-for': address() };
    for (let i = 0; i < LIMIT * 2; i++) {
      expect((await call('GET', '/api/v1/devices', client)).status).toBe(401);
    }
    expect((await doors[0]!.send(creds.token!, client)).status).toBe(200);
  });
});

describe('limits on guessing credentials, without a trusted proxy', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { TRACKWAY_AUTH_FAILURES: '3' } });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('takes the connection address: a forged X-Forwarded-For does not buy more guesses', async () => {
    const api = (token: string, i: number) =>
      new Api(server.url, token).request('GET', '/api/v1/session', undefined, {
        'x-forwarded-for': `203.0.113.${i}`,
      });
    for (let i = 0; i < 3; i++) expect((await api(`wrong-${i}`, i)).status).toBe(401);
    const refused = await api(ADMIN_TOKEN, 99);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
  });
});
