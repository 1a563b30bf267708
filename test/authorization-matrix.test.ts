import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import {
  callback,
  MATRIX,
  type Door,
  type GroupFixture,
  type MatrixContext,
  type MatrixRequest,
  type Role,
  type RouteExpectation,
  T0,
} from './support/authorization-matrix.ts';
import { basic } from './support/receivers.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';
import { openStream } from './support/sse.ts';

const RECORDER = join(import.meta.dirname, 'support', 'route-recorder.mjs');
const ROLES: Role[] = ['viewer', 'manager', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };
/** In every name, attribute and URL of the sibling group: it must never appear in an answer to the callers. */
const SIBLING_MARK = 'sibzq';

/** `METHOD /url` of a registered route, the web app's hashed asset names folded into one. */
const routeKey = (method: string, url: string) =>
  `${method} ${url.startsWith('/assets/') ? '/assets/*' : url}`;

/**
 * Every route of the hub (native API, receivers, vendor facades, static files) against every kind of caller:
 * each role of group "own", and no credential, on resources of "own", of its child and of its sibling. The
 * expectations are listed per route in test/support/authorization-matrix.ts; a route the server registers that
 * is not listed there fails the first test.
 */
describe('authorization matrix', () => {
  let server: RunningServer;
  let recordDir: string;
  let root: Api;
  let registered: string[];
  /** A URL the server registered for each key (the web app's assets have hashed names). */
  const urls = new Map<string, string>();
  const groups = {} as Record<'own' | 'child' | 'sibling', GroupFixture>;
  const tokens = {} as Record<Role, string>;
  let sigfoxPair: string;
  let rootSigfoxPair: string;
  let ownSecret: string;
  let ownSpotSecret: string;
  let ownOsmandSecret: string;
  let ownOwntracksSecret: string;
  let counter = 0;

  beforeAll(async () => {
    recordDir = await makeTempDir();
    const routesFile = join(recordDir, 'routes.ndjson');
    server = await startServer({
      nodeArgs: ['--import', RECORDER],
      // The matrix sends refused credentials on purpose; their limit is tested in guessing-limits.test.ts.
      env: { E2E_ROUTES_FILE: routesFile, TRACKWAY_AUTH_FAILURES: '0' },
    });
    root = new Api(server.url, ADMIN_TOKEN);
    registered = [
      ...new Set(
        (await readFile(routesFile, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { method: string; url: string })
          .filter((r) => r.method !== 'HEAD')
          .map((r) => {
            const key = routeKey(r.method, r.url);
            urls.set(key, r.url);
            return key;
          }),
      ),
    ];
    rootSigfoxPair = pair(expectStatus(await root.post('/compat/sigfox/credentials', {}), 201));
    const own = expectStatus(await root.post('/api/v1/groups', { name: 'ownzq' }), 201);
    const child = expectStatus(await root.post('/api/v1/groups', { name: 'kidzq', parentId: own.id }), 201);
    const sibling = expectStatus(await root.post('/api/v1/groups', { name: SIBLING_MARK }), 201);
    groups.own = await makeGroup('ownzq', own, 'A0');
    groups.child = await makeGroup('kidzq', child, 'B0');
    groups.sibling = await makeGroup(SIBLING_MARK, sibling, 'C0');
    for (const role of ROLES) {
      tokens[role] = expectStatus(
        await root.post('/api/v1/tokens', { name: `own ${role}`, role, groupId: own.id }),
        201,
      ).token;
    }
    sigfoxPair = pair(expectStatus(await root.post('/compat/sigfox/credentials', { groupId: own.id }), 201));
    ownSecret = await secretOf(groups.own.sigfoxSource.id);
    ownSpotSecret = await secretOf(groups.own.spotSource.id);
    ownOsmandSecret = await secretOf(await pushSource(own.id, 'osmand'));
    ownOwntracksSecret = await secretOf(await pushSource(own.id, 'owntracks'));
    // Every group's webhook has a delivery in its log before the matrix reads them.
    for (const g of Object.values(groups)) {
      await waitFor(async () => {
        const log = await root.get(`/api/v1/webhooks/${g.webhook.id}/deliveries`);
        return log.body.items?.length > 0;
      });
    }
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
    if (recordDir) await removeTempDir(recordDir);
  });

  const pair = (c: Json) => `${c.login}:${c.password}`;
  const secretOf = async (sourceId: number) =>
    expectStatus(await root.post(`/api/v1/sources/${sourceId}/secrets`, { name: 'matrix' }), 201)
      .secret as string;
  const pushSource = async (groupId: number, vendor: string, settings?: Json) =>
    expectStatus(
      await root.post('/api/v1/sources', {
        groupId,
        vendor,
        kind: 'push',
        name: `${vendor} in ${groupId}`,
        settings,
      }),
      201,
    ).id as number;

  async function makeGroup(tag: string, group: Json, hexPrefix: string): Promise<GroupFixture> {
    const type = expectStatus(
      await root.post('/api/v1/device-types', { groupId: group.id, name: `${tag}-type` }),
      201,
    );
    const hex = `${hexPrefix}${tag.length}F`;
    const device = expectStatus(
      await root.post('/api/v1/devices', {
        groupId: group.id,
        name: `${tag}-device`,
        typeId: type.id,
        externalIds: [{ vendor: 'sigfox', externalId: hex }],
        attributes: { note: tag },
      }),
      201,
    );
    const place = `p${hexPrefix.toLowerCase()}`;
    expectStatus(
      await root.post('/api/v1/places', {
        groupId: group.id,
        identifier: place,
        name: `${tag}-place`,
        latitude: 10,
        longitude: 20,
        radius: 500,
      }),
      201,
    );
    const sigfoxSource = await root.get(
      `/api/v1/sources/${await pushSource(group.id, 'sigfox', { deviceTypeId: type.id })}`,
    );
    const spotSource = await root.get(`/api/v1/sources/${await pushSource(group.id, 'spot')}`);
    const webhook = expectStatus(
      await root.post('/api/v1/webhooks', {
        groupId: group.id,
        url: `http://127.0.0.1:9/${tag}`,
        name: `${tag}-hook`,
      }),
      201,
    );
    const token = expectStatus(
      await root.post('/api/v1/tokens', { name: `${tag}-token`, role: 'viewer', groupId: group.id }),
      201,
    );
    const user = expectStatus(
      await root.post('/api/v1/users', {
        login: `${tag}-user`,
        name: `${tag}-user`,
        role: 'viewer',
        groupId: group.id,
        password: 'a-long-password-1',
      }),
      201,
    );
    const feedPassword = `${tag}-password`;
    const feed = expectStatus(
      await root.post('/api/v1/spot/feeds', {
        groupId: group.id,
        name: `${tag}-feed`,
        deviceIds: [device.id],
        password: feedPassword,
      }),
      201,
    );
    const fixture: GroupFixture = {
      tag,
      group,
      type,
      device,
      hex,
      place,
      sigfoxSource: sigfoxSource.body,
      spotSource: spotSource.body,
      webhook,
      token,
      user,
      feed,
      feedPassword,
      callbackId: '',
    };
    fixture.callbackId = String(
      (await sigfoxAsRoot(`/compat/sigfox/api/devicetypes/${type.id}/callbacks/new`, [callback(fixture)]))[0],
    );
    const summary = expectStatus(
      await root.ingest([
        {
          deviceId: device.id,
          fixTime: new Date(T0).toISOString(),
          lat: 10,
          lon: 20,
          attributes: { note: tag },
          message: { type: 'uplink', payload: tag, payloadEncoding: 'text' },
          events: [{ type: 'sos', attributes: { note: tag } }],
        },
        {
          deviceId: device.id,
          fixTime: new Date(T0 + 3_600_000).toISOString(),
          lat: 11,
          lon: 21,
          attributes: { note: tag },
        },
      ]),
      200,
    );
    expect(summary.accepted).toBe(2);
    return fixture;
  }

  async function sigfoxAsRoot(path: string, body: unknown): Promise<Json> {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: {
        authorization: basic(...(rootSigfoxPair.split(':') as [string, string])),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return res.json();
  }

  const context = (): MatrixContext => ({
    own: groups.own,
    root,
    unique: () => `${Date.now().toString(36)}${counter++}`,
    sigfoxAsRoot,
  });

  /** The callers of a door: each role's credential where roles apply, else the one credential; null is none. */
  function callers(door: Door): { role: Role | null; credential: string | null }[] {
    switch (door) {
      case 'public':
        return [{ role: null, credential: null }];
      case 'api':
      case 'gps365':
      case 'mix':
      case 'followapps':
        return [
          { role: null, credential: null },
          ...ROLES.map((role) => ({ role, credential: tokens[role] })),
        ];
      case 'sigfox':
        return [
          { role: null, credential: null },
          { role: 'manager', credential: sigfoxPair },
        ];
      case 'secret':
      case 'feed':
        return [
          { role: null, credential: null },
          { role: 'viewer', credential: 'own' },
        ];
    }
  }

  /** Sends `req` for `key` with the caller's credential where its door takes it. */
  async function send(key: string, door: Door, req: MatrixRequest, credential: string | null) {
    const method = key.slice(0, key.indexOf(' '));
    const headers: Record<string, string> = {};
    let path = req.path;
    let body: string | undefined =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    const sep = () => (path.includes('?') ? '&' : '?');
    if (credential !== null) {
      if (door === 'api') headers.authorization = `Bearer ${credential}`;
      if (door === 'mix') headers['x-auth'] = credential;
      if (door === 'followapps') headers.authorization = `Token ${credential}`;
      if (door === 'sigfox') headers.authorization = basic(...(credential.split(':') as [string, string]));
      if (door === 'gps365') body = `api_token=${credential}${body ? `&${body}` : ''}`;
      if (door === 'secret') {
        if (key.includes('/ingest/sigfox/')) path += `${sep()}secret=${ownSecret}`;
        if (key.includes('/ingest/spot/')) path += `${sep()}secret=${ownSpotSecret}`;
      }
    }
    if (door === 'secret' && key.includes('/ingest/osmand')) {
      path = `/ingest/osmand?id=matrix-phone&lat=1&lon=2&timestamp=1767225600`;
      if (credential !== null) path += `&token=${ownOsmandSecret}`;
    }
    if (door === 'secret' && key.includes('/ingest/owntracks')) {
      path = '/ingest/owntracks';
      headers['x-limit-u'] = 'matrix';
      headers['x-limit-d'] = 'phone';
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ _type: 'location', lat: 1, lon: 2, tst: 1767225600 });
      if (credential !== null) headers.authorization = basic('matrix', ownOwntracksSecret);
    }
    if (door === 'feed' && credential !== null) path += `${sep()}feedPassword=${groups.own.feedPassword}`;
    if (door === 'gps365') headers['content-type'] = 'application/x-www-form-urlencoded';
    if (method === 'GET') body = undefined;
    if (body === undefined) delete headers['content-type'];
    const res = await fetch(server.url + path, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  }

  /** The path of a route called as it is (no resource named): its own URL. */
  const plain = (key: string): MatrixRequest => ({
    path: (urls.get(key) ?? key.slice(key.indexOf(' ') + 1)).replace('/*', '/index.html'),
  });

  it('lists every route the server registers, and none that it does not', () => {
    expect(registered.length).toBeGreaterThan(100);
    const unlisted = registered.filter((k) => !(k in MATRIX));
    expect(unlisted, 'routes without a line in test/support/authorization-matrix.ts').toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('answers each caller as the matrix says, and never with a record of another group', async () => {
    const failures: string[] = [];
    // Generating Sigfox API credentials replaces the callers' own pair: that route goes last.
    const last = 'POST /compat/sigfox/credentials';
    const keys = Object.keys(MATRIX).filter(
      (k) => registered.includes(k) && k !== 'GET /api/v1/stream' && k !== last,
    );
    await Promise.all(
      chunks(keys, 4).map(async (part) => {
        for (const key of part) failures.push(...(await check(key, MATRIX[key]!)));
      }),
    );
    failures.push(...(await check(last, MATRIX[last]!)));
    expect(failures).toEqual([]);
  }, 120_000);

  async function check(key: string, spec: RouteExpectation): Promise<string[]> {
    const failures: string[] = [];
    const ctx = context();
    const targeted = spec.request !== undefined && spec.targeted !== false;
    const targets = targeted ? (['own', 'child', 'sibling'] as const) : (['own'] as const);
    for (const caller of callers(spec.door)) {
      for (const target of targets) {
        if (caller.credential === null && target !== 'own') continue;
        const req = spec.request ? await spec.request(groups[target], ctx) : plain(key);
        const res = await send(key, spec.door, req, caller.credential);
        const allowed = expected(spec, caller.role, caller.credential, target);
        const who = `${key} as ${caller.credential === null ? 'nobody' : caller.role} on ${target}'s`;
        if (!allowed.includes(res.status)) {
          failures.push(`${who}: ${res.status} (expected ${allowed.join('/')}) ${res.text.slice(0, 200)}`);
        }
        if (res.text.includes(SIBLING_MARK))
          failures.push(`${who}: the answer holds the sibling group's data`);
        if (key === 'POST /api/v1/ingest' && target === 'sibling' && res.status === 200) {
          if (JSON.parse(res.text).accepted !== 0) failures.push(`${who}: a record was accepted`);
        }
      }
    }
    return failures;
  }

  /** The statuses the matrix allows for one call. */
  function expected(spec: RouteExpectation, role: Role | null, credential: string | null, target: string) {
    const ok = spec.ok ?? [200, 201, 202, 204];
    if (spec.door === 'public') return spec.ok ?? [200, 201, 204, 302];
    if (credential === null) return [spec.anonymous ?? 401];
    const needs = spec.role ?? 'viewer';
    if (role && RANK[role] < RANK[needs]) {
      const denied = spec.denied ?? 403;
      // Another group's resource may be refused for the role or as unknown: both say nothing of it.
      return target === 'sibling' ? [denied, ...(spec.sibling ?? [404])] : [denied];
    }
    if (target === 'child') return spec.child ?? ok;
    if (target === 'sibling') return spec.sibling ?? [404];
    return ok;
  }

  it('streams only the records of the caller subtree', async () => {
    expect((await openStream(`${server.url}/api/v1/stream`, null)).status).toBe(401);
    const stream = await openStream(`${server.url}/api/v1/stream`, tokens.viewer);
    try {
      expect(stream.status).toBe(200);
      const at = new Date(T0 + 7_200_000).toISOString();
      for (const g of [groups.sibling, groups.child]) {
        expectStatus(
          await root.ingest([
            { deviceId: g.device.id, fixTime: at, lat: 1, lon: 2, attributes: { note: g.tag } },
          ]),
          200,
        );
      }
      await stream.waitFor((messages) => JSON.stringify(messages).includes('kidzq'), 10_000);
      expect(JSON.stringify(stream.messages)).not.toContain(SIBLING_MARK);
    } finally {
      stream.close();
    }
  });
});

function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  items.forEach((item, i) => out[i % n]!.push(item));
  return out;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
