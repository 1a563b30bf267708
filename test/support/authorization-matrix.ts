import type { Api, Json } from './api.ts';

/**
 * The authorization matrix: what every route of the hub answers to each kind of caller. The end-to-end test
 * (test/authorization-matrix.test.ts) compares the routes the running server registers with the keys of
 * MATRIX: a route added without a line here fails it.
 *
 * Callers belong to group "own"; each route is called for a resource of "own", of its child group "child", and
 * of its sibling group "sibling" (when the route names a resource or a group), by each role, and without a
 * credential. Unless a line says otherwise: no credential is 401; a role below `role` is 403; own and child
 * resources answer 2xx; a sibling's answers 404 ("another group's" looks like "nobody's"). No answer of any call
 * ever contains the sibling group's marker (it is in its names, attributes and URLs).
 */

export type Role = 'viewer' | 'manager' | 'admin';

/**
 * How a caller proves itself on the route: `api` a native token (Bearer), `public` nothing (the route takes no
 * credential), `sigfox` the group's Sigfox API Basic pair, `secret` a receiver secret of the caller's source,
 * `gps365`/`mix`/`followapps` a native token where that vendor's API takes it, `feed` a SPOT feed password.
 */
export type Door = 'api' | 'public' | 'sigfox' | 'secret' | 'gps365' | 'mix' | 'followapps' | 'feed';

/** The resources of one group, made by the test before the matrix runs. */
export interface GroupFixture {
  tag: string;
  group: Json;
  type: Json;
  device: Json;
  /** The device's Sigfox id (its external id under the sigfox vendor). */
  hex: string;
  place: string;
  /** A Sigfox push source (with a secret) and a SPOT push source. */
  sigfoxSource: Json;
  spotSource: Json;
  webhook: Json;
  token: Json;
  user: Json;
  feed: Json;
  feedPassword: string;
  callbackId: string;
}

export interface MatrixContext {
  /** The callers' group. */
  own: GroupFixture;
  /** The root admin, to make fresh resources for routes that delete or change one. */
  root: Api;
  /** A fresh unique suffix. */
  unique(): string;
  /** A Sigfox API call as the root group (sees every group), for resources only that API makes. */
  sigfoxAsRoot(path: string, body: unknown): Promise<Json>;
}

export interface MatrixRequest {
  path: string;
  body?: string | unknown;
  contentType?: string;
}

export interface RouteExpectation {
  door: Door;
  /** The least role (doors that take a native token); default viewer. */
  role?: Role;
  /** The request for a resource of group `g`; absent: the route names none, and is called as it is. */
  request?: (g: GroupFixture, ctx: MatrixContext) => MatrixRequest | Promise<MatrixRequest>;
  /** Whether `request` names a resource or group (own, child and sibling are then called); default true. */
  targeted?: boolean;
  /** Statuses of an allowed call; default any 2xx. */
  ok?: number[];
  /** Statuses for a sibling's resource; default [404]. */
  sibling?: number[];
  /** Statuses for a child group's resource; default those of `ok` (the caller's subtree). */
  child?: number[];
  /** Status for a role below `role`; default 403. */
  denied?: number;
  /** Status without a credential; default 401. */
  anonymous?: number;
  /** Why the line differs from the defaults. */
  note?: string;
}

/** Records of the fixture are from two hours ago: inside every window (SPOT's 7 days, the reports' range). */
export const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 7_200_000;
const RANGE = `from=${new Date(T0 - 86_400_000).toISOString()}&to=${new Date(T0 + 86_400_000).toISOString()}`;
const FILTERED =
  "groupId is a filter inside the caller's subtree: another group's id lists nothing, as an unknown one does";
const FEED = '/compat/spot/spot-main-web/consumer/rest-api/2.0/public/feed/:feedId';
const SIGFOX = '/compat/sigfox/api';

/** Routes of one shape: `key(part)` is each route's `METHOD /url`, `make(part)` its expectation. */
const each = (
  parts: string[],
  key: (part: string) => string,
  make: (part: string) => RouteExpectation,
): Record<string, RouteExpectation> => Object.fromEntries(parts.map((p) => [key(p), make(p)]));

const UPLINK = `device=AB12&time=${Math.floor(Date.now() / 1000)}&data=00`;
const json = (path: string, body: unknown): MatrixRequest => ({ path, body });
const form = (path: string, body: string): MatrixRequest => ({
  path,
  body,
  contentType: 'application/x-www-form-urlencoded',
});

/** Static files of the web app and of the API docs: public, hold no data. */
const STATIC = [
  'GET /',
  'GET /index.html',
  'GET /web-config.json',
  'GET /assets/*',
  'GET /api/v1/docs',
  'GET /api/v1/docs/json',
  'GET /api/v1/docs/yaml',
  'GET /api/v1/docs/static/*',
  'GET /api/v1/docs/static/index.html',
  'GET /api/v1/docs/static/swagger-initializer.js',
  'GET /api/v1/openapi.json',
  'GET /health',
  'GET /metrics',
];

const FEED_ROUTES = ['message', 'message.json', 'message.xml', 'latest', 'latest.json', 'latest.xml'].map(
  (r) => `GET ${FEED}/${r}`,
);

export const MATRIX: Record<string, RouteExpectation> = {
  ...each(
    STATIC,
    (k) => k,
    () => ({ door: 'public', note: 'static files, health and process metrics: no group data' }),
  ),

  // Session: signing in and out take no credential; a token has no password to change.
  'POST /api/v1/session': {
    door: 'public',
    request: () => json('/api/v1/session', { token: 'tw_not-a-token' }),
    targeted: false,
    ok: [401],
  },
  'DELETE /api/v1/session': { door: 'public' },
  'POST /api/v1/session/link': {
    door: 'api',
    request: () => json('/api/v1/session/link', {}),
    targeted: false,
    note: 'a link that signs in as the caller itself: nothing of another group',
  },
  'GET /api/v1/session/link': {
    door: 'public',
    request: () => ({ path: '/api/v1/session/link?key=not-a-key' }),
    targeted: false,
    ok: [401],
    note: 'the key is the credential: an unknown one is 401 whoever asks',
  },
  'GET /api/v1/session': { door: 'api' },
  'GET /api/v1/me': { door: 'api' },
  'PUT /api/v1/session/password': {
    door: 'api',
    request: () => ({
      path: '/api/v1/session/password',
      body: { currentPassword: 'x', newPassword: 'long-enough-password' },
    }),
    targeted: false,
    ok: [403],
    note: 'an API token has no password: 403 for every role',
  },

  // Groups.
  'GET /api/v1/groups': { door: 'api' },
  'GET /api/v1/groups/:id': { door: 'api', request: (g) => ({ path: `/api/v1/groups/${g.group.id}` }) },
  'POST /api/v1/groups': {
    door: 'api',
    role: 'admin',
    request: (g, c) => json('/api/v1/groups', { parentId: g.group.id, name: `${g.tag}-sub-${c.unique()}` }),
  },
  'PATCH /api/v1/groups/:id': {
    door: 'api',
    role: 'admin',
    request: (g) => json(`/api/v1/groups/${g.group.id}`, { name: `${g.tag}-group` }),
  },

  // Tokens and users: admins only.
  'GET /api/v1/tokens': { door: 'api', role: 'admin' },
  'POST /api/v1/tokens': {
    door: 'api',
    role: 'admin',
    request: (g) => json('/api/v1/tokens', { name: `${g.tag}-token`, role: 'viewer', groupId: g.group.id }),
  },
  'DELETE /api/v1/tokens/:id': {
    door: 'api',
    role: 'admin',
    request: async (g, c) => {
      const made = await c.root.post('/api/v1/tokens', {
        name: `${g.tag}-t`,
        role: 'viewer',
        groupId: g.group.id,
      });
      return { path: `/api/v1/tokens/${made.body.id}` };
    },
  },
  'GET /api/v1/users': { door: 'api', role: 'admin' },
  'POST /api/v1/users': {
    door: 'api',
    role: 'admin',
    request: (g, c) =>
      json('/api/v1/users', {
        login: `u${c.unique()}`,
        name: `${g.tag}-user`,
        role: 'viewer',
        groupId: g.group.id,
        password: 'a-long-password-1',
      }),
  },
  'PATCH /api/v1/users/:id': {
    door: 'api',
    role: 'admin',
    request: (g) => json(`/api/v1/users/${g.user.id}`, { name: `${g.tag}-user` }),
  },

  // Device types and devices.
  'GET /api/v1/device-types': { door: 'api' },
  'GET /api/v1/device-types/:id': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/device-types/${g.type.id}` }),
  },
  'POST /api/v1/device-types': {
    door: 'api',
    role: 'manager',
    request: (g) => json('/api/v1/device-types', { groupId: g.group.id, name: `${g.tag}-type` }),
  },
  'GET /api/v1/devices': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/devices?groupId=${g.group.id}` }),
    sibling: [200],
    note: FILTERED,
  },
  'GET /api/v1/devices/:id': { door: 'api', request: (g) => ({ path: `/api/v1/devices/${g.device.id}` }) },
  'POST /api/v1/devices': {
    door: 'api',
    role: 'manager',
    request: (g) => json('/api/v1/devices', { groupId: g.group.id, name: `${g.tag}-device` }),
  },
  'PATCH /api/v1/devices/:id': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/devices/${g.device.id}`, { name: `${g.tag}-device` }),
  },
  'GET /api/v1/devices/:id/positions': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/devices/${g.device.id}/positions` }),
  },
  'GET /api/v1/devices/:id/messages': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/devices/${g.device.id}/messages` }),
  },

  // Records in and out.
  'GET /api/v1/events': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/events?groupId=${g.group.id}` }),
    sibling: [200],
    note: FILTERED,
  },
  'GET /api/v1/sync': { door: 'api', note: 'the caller subtree only: checked by the marker' },
  'GET /api/v1/stream': { door: 'api', note: 'read by the test while records of every group are committed' },
  'POST /api/v1/ingest': {
    door: 'api',
    role: 'manager',
    request: (g) =>
      json('/api/v1/ingest', [
        { deviceId: g.device.id, fixTime: new Date(T0 + 5000).toISOString(), lat: 1, lon: 2 },
      ]),
    sibling: [200],
    note: "a batch succeeds; the record for another group's device is refused as DEVICE_NOT_FOUND (checked below)",
  },
  'POST /api/v1/import': {
    door: 'api',
    role: 'manager',
    request: (g) => ({
      path: `/api/v1/import?format=ndjson&groupId=${g.group.id}`,
      body:
        JSON.stringify({ vendor: 'matrix', externalId: `imp-${g.tag}`, fixTime: T0, lat: 1, lon: 2 }) + '\n',
      contentType: 'application/x-ndjson',
    }),
  },
  'GET /api/v1/export': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/export?format=ndjson&groupId=${g.group.id}` }),
  },
  ...each(
    ['trips', 'stops', 'summary', 'place-visits'],
    (report) => `GET /api/v1/reports/${report}`,
    (report) => ({
      door: 'api',
      request: (g) => ({ path: `/api/v1/reports/${report}?groupId=${g.group.id}&${RANGE}` }),
      sibling: [200],
      note: FILTERED,
    }),
  ),

  // Places.
  'GET /api/v1/places': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/places?groupId=${g.group.id}` }),
    sibling: [200],
    note: FILTERED,
  },
  'GET /api/v1/places/:identifier': { door: 'api', request: (g) => ({ path: `/api/v1/places/${g.place}` }) },
  'POST /api/v1/places': {
    door: 'api',
    role: 'manager',
    request: (g) =>
      json('/api/v1/places', { groupId: g.group.id, name: `${g.tag}-place`, latitude: 1, longitude: 2 }),
  },
  'PUT /api/v1/places/:identifier': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/places/${g.place}`, { name: `${g.tag}-place` }),
  },
  ...each(
    ['archive', 'restore'],
    (action) => `PUT /api/v1/places/:identifier/${action}`,
    (action) => ({
      door: 'api',
      role: 'manager',
      request: (g) => json(`/api/v1/places/${g.place}/${action}`, {}),
    }),
  ),
  'GET /api/v1/places/export': { door: 'api' },
  'GET /api/v1/places/import-template': { door: 'api' },
  'POST /api/v1/places/import': {
    door: 'api',
    role: 'manager',
    request: (g, c) => ({
      path: `/api/v1/places/import?groupId=${g.group.id}`,
      body: `name,latitude,longitude\n${g.tag}-imported-${c.unique()},1,2\n`,
      contentType: 'text/csv',
    }),
  },

  // Sources and their secrets.
  'GET /api/v1/sources': { door: 'api' },
  'GET /api/v1/sources/:id': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/sources/${g.sigfoxSource.id}` }),
  },
  'POST /api/v1/sources': {
    door: 'api',
    role: 'manager',
    request: (g) =>
      json('/api/v1/sources', { groupId: g.group.id, vendor: 'osmand', kind: 'push', name: `${g.tag}-src` }),
  },
  'PATCH /api/v1/sources/:id': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/sources/${g.sigfoxSource.id}`, { name: `${g.tag}-sigfox` }),
  },
  'GET /api/v1/sources/:id/secrets': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/sources/${g.sigfoxSource.id}/secrets` }),
  },
  'POST /api/v1/sources/:id/secrets': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/sources/${g.sigfoxSource.id}/secrets`, { name: `${g.tag}-secret` }),
  },
  'DELETE /api/v1/sources/:id/secrets/:secretId': {
    door: 'api',
    role: 'manager',
    request: async (g, c) => {
      const made = await c.root.post(`/api/v1/sources/${g.sigfoxSource.id}/secrets`, { name: `${g.tag}-s` });
      return { path: `/api/v1/sources/${g.sigfoxSource.id}/secrets/${made.body.id}` };
    },
  },

  // Event webhooks and their deliveries.
  'GET /api/v1/webhooks': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/webhooks?groupId=${g.group.id}` }),
  },
  'GET /api/v1/webhooks/:id': { door: 'api', request: (g) => ({ path: `/api/v1/webhooks/${g.webhook.id}` }) },
  'GET /api/v1/webhooks/:id/deliveries': {
    door: 'api',
    request: (g) => ({ path: `/api/v1/webhooks/${g.webhook.id}/deliveries` }),
  },
  'POST /api/v1/webhooks': {
    door: 'api',
    role: 'manager',
    request: (g) => json('/api/v1/webhooks', { groupId: g.group.id, url: `http://127.0.0.1:9/${g.tag}` }),
  },
  'PATCH /api/v1/webhooks/:id': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/webhooks/${g.webhook.id}`, { name: `${g.tag}-hook` }),
  },
  'DELETE /api/v1/webhooks/:id': {
    door: 'api',
    role: 'manager',
    request: async (g, c) => {
      const made = await c.root.post('/api/v1/webhooks', {
        groupId: g.group.id,
        url: `http://127.0.0.1:9/${g.tag}`,
      });
      return { path: `/api/v1/webhooks/${made.body.id}` };
    },
  },
  'POST /api/v1/webhooks/:id/test': {
    door: 'api',
    role: 'manager',
    request: (g) => json(`/api/v1/webhooks/${g.webhook.id}/test`, {}),
  },

  // SPOT feeds: managed with a native token, read with the feed's password.
  'GET /api/v1/spot/feeds': { door: 'api' },
  'POST /api/v1/spot/feeds': {
    door: 'api',
    role: 'manager',
    request: (g) =>
      json('/api/v1/spot/feeds', { groupId: g.group.id, name: `${g.tag}-feed`, deviceIds: [g.device.id] }),
  },
  'DELETE /api/v1/spot/feeds/:id': {
    door: 'api',
    role: 'manager',
    request: async (g, c) => {
      const made = await c.root.post('/api/v1/spot/feeds', {
        groupId: g.group.id,
        name: `${g.tag}-f`,
        deviceIds: [g.device.id],
      });
      return { path: `/api/v1/spot/feeds/${made.body.id}` };
    },
  },
  ...each(
    FEED_ROUTES,
    (k) => k,
    (key) => ({
      door: 'feed',
      anonymous: 200,
      request: (g) => ({ path: key.slice(4).replace(':feedId', g.feed.feedId) }),
      ok: [200],
      child: [200],
      sibling: [200],
      note: "the caller's feed password: another feed answers SPOT's E-0161 (checked by the marker)",
    }),
  ),

  // Receivers: the secret of the caller's source; another source's id in the URL is 401, as an unknown one.
  ...each(
    ['GET', 'POST', 'PUT'],
    (method) => `${method} /ingest/sigfox/:sourceId`,
    (method) => ({
      door: 'secret',
      request: (g) =>
        method === 'GET'
          ? { path: `/ingest/sigfox/${g.sigfoxSource.id}?${UPLINK}` }
          : form(`/ingest/sigfox/${g.sigfoxSource.id}`, UPLINK),
      ok: [200, 204],
      child: [401],
      sibling: [401],
      note: `${method}: the secret proves one source`,
    }),
  ),
  'POST /ingest/spot/:sourceId': {
    door: 'secret',
    request: (g) => ({ path: `/ingest/spot/${g.spotSource.id}`, body: '<x/>', contentType: 'text/xml' }),
    ok: [400],
    child: [401],
    sibling: [401],
    note: 'an empty message list is 400 once the secret is accepted',
  },
  ...each(
    ['GET /ingest/osmand', 'POST /ingest/osmand', 'POST /ingest/owntracks'],
    (k) => k,
    () => ({
      door: 'secret',
      note: 'the secret names the source: nothing else to aim at; refused without one',
    }),
  ),

  // Sigfox backend API v1: the group's Basic pair (manager), one role.
  'POST /compat/sigfox/credentials': {
    door: 'api',
    role: 'manager',
    request: (g) => json('/compat/sigfox/credentials', { groupId: g.group.id }),
    ok: [201],
  },
  ...each(
    [
      'GET /groups',
      'GET /devicetypes',
      'GET /devicetypes/geolocs-config',
      'GET /geoloc-config/list',
      'GET /callbacks/messages/error',
    ],
    (route) => route.replace(' ', ` ${SIGFOX}`),
    () => ({ door: 'sigfox', note: 'lists: the caller subtree only' }),
  ),
  [`GET ${SIGFOX}/users`]: {
    door: 'sigfox',
    request: (g) => ({ path: `${SIGFOX}/users?groupId=${g.group.id}` }),
  },
  [`GET ${SIGFOX}/coverages/redundancy`]: {
    door: 'sigfox',
    request: () => ({ path: `${SIGFOX}/coverages/redundancy?lat=1&lng=2` }),
    targeted: false,
  },
  [`GET ${SIGFOX}/groups/:id`]: {
    door: 'sigfox',
    request: (g) => ({ path: `${SIGFOX}/groups/${g.group.id}` }),
  },
  ...each(
    ['', '/callbacks', '/devices', '/disengage', '/id-pac', '/messages', '/status/error', '/status/warn'],
    (rest) => `GET ${SIGFOX}/devicetypes/:id${rest}`,
    (rest) => ({ door: 'sigfox', request: (g) => ({ path: `${SIGFOX}/devicetypes/${g.type.id}${rest}` }) }),
  ),
  [`POST ${SIGFOX}/devicetypes/edit`]: {
    door: 'sigfox',
    request: (g) => json(`${SIGFOX}/devicetypes/edit`, { id: String(g.type.id), name: `${g.tag}-type` }),
  },
  ...each(
    ['/callbacks', '/callbacks/new'],
    (rest) => `POST ${SIGFOX}/devicetypes/:id${rest}`,
    (rest) => ({
      door: 'sigfox',
      request: (g) => json(`${SIGFOX}/devicetypes/${g.type.id}${rest}`, [callback(g)]),
    }),
  ),
  ...each(
    ['delete', 'downlink', 'enable'],
    (action) => `POST ${SIGFOX}/devicetypes/:id/callbacks/:cb/${action}`,
    (action) => ({
      door: 'sigfox',
      request: async (g, c) => {
        const id = action === 'delete' ? await freshCallback(g, c) : g.callbackId;
        const query = action === 'enable' ? '?enabled=true' : '';
        return json(`${SIGFOX}/devicetypes/${g.type.id}/callbacks/${id}/${action}${query}`, {});
      },
    }),
  ),
  ...each(
    [
      '',
      '/locations',
      '/messages',
      '/messages/metric',
      '/networkstate',
      '/status/error',
      '/status/warn',
      '/token-state',
    ],
    (rest) => `GET ${SIGFOX}/devices/:id${rest}`,
    (rest) => ({ door: 'sigfox', request: (g) => ({ path: `${SIGFOX}/devices/${g.hex}${rest}` }) }),
  ),
  [`GET ${SIGFOX}/device/:id/consumptions/:year`]: {
    door: 'sigfox',
    request: (g) => ({ path: `${SIGFOX}/device/${g.hex}/consumptions/2026` }),
  },

  // GPS365: the token in the body; trackers are device ids.
  'POST /compat/gps365/api/trackers/list': {
    door: 'gps365',
    request: () => form('/compat/gps365/api/trackers/list', ''),
    targeted: false,
  },
  ...each(
    ['live', 'list', 'historic'],
    (what) => `POST /compat/gps365/api/coordinates/${what}`,
    (what) => ({
      door: 'gps365',
      request: (g) => form(`/compat/gps365/api/coordinates/${what}`, `trackers[]=${g.device.id}`),
    }),
  ),

  // MiX: the token in X-Auth; organisation_id is a group id.
  'GET /compat/mix/trips/:since': {
    door: 'mix',
    request: (g) => ({
      path: `/compat/mix/trips/${compact(Date.now() - 600_000)}?organisation_id=${g.group.id}`,
    }),
    sibling: [200],
    note: FILTERED,
  },

  // FollowAnalytics: `Token <token>`; an app is a source, a location a place.
  ...each(
    ['locations', 'locations_export'],
    (what) => `GET /compat/followapps/api/apps/:app/${what}`,
    (what) => ({
      door: 'followapps',
      request: (g) => ({ path: `/compat/followapps/api/apps/${g.sigfoxSource.id}/${what}` }),
    }),
  ),
  'GET /compat/followapps/api/locations': { door: 'followapps' },
  'GET /compat/followapps/api/location/generate_import_template': { door: 'followapps' },
  'POST /compat/followapps/api/locations': {
    door: 'followapps',
    role: 'manager',
    denied: 404,
    request: (g) =>
      json('/compat/followapps/api/locations', { name: `${g.tag}-loc`, latitude: 1, longitude: 2 }),
    targeted: false,
    note: "the document answers a caller without permission 404 'No access.'",
  },
  'POST /compat/followapps/api/location/import': {
    door: 'followapps',
    role: 'manager',
    denied: 404,
    request: (g, c) => ({
      path: '/compat/followapps/api/location/import',
      body:
        '--matrix\r\nContent-Disposition: form-data; name="file"; filename="places.csv"\r\n' +
        `Content-Type: text/csv\r\n\r\nname,latitude,longitude\r\n${g.tag}-fa-${c.unique()},1,2\r\n--matrix--\r\n`,
      contentType: 'multipart/form-data; boundary=matrix',
    }),
    targeted: false,
  },
  'GET /compat/followapps/api/locations/:identifier': {
    door: 'followapps',
    request: (g) => ({ path: `/compat/followapps/api/locations/${g.place}` }),
  },
  'PUT /compat/followapps/api/locations/:identifier': {
    door: 'followapps',
    role: 'manager',
    denied: 404,
    request: (g) => json(`/compat/followapps/api/locations/${g.place}`, { name: `${g.tag}-place` }),
  },
  ...each(
    ['archive', 'restore'],
    (action) => `PUT /compat/followapps/api/locations/:identifier/${action}`,
    (action) => ({
      door: 'followapps',
      role: 'manager',
      denied: 404,
      request: (g) => json(`/compat/followapps/api/locations/${g.place}/${action}`, {}),
    }),
  ),
};

/** `yyyyMMddHHmmss` in UTC, MiX's `:since`. */
function compact(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** A URL callback of the Sigfox API (document 004), calling nowhere. */
export const callback = (g: GroupFixture) => ({
  channel: 'URL',
  callbackType: 0,
  callbackSubtype: 3,
  url: `http://127.0.0.1:9/${g.tag}`,
  httpMethod: 'GET',
});

async function freshCallback(g: GroupFixture, c: MatrixContext): Promise<string> {
  const made = await c.sigfoxAsRoot(`${SIGFOX}/devicetypes/${g.type.id}/callbacks/new`, [callback(g)]);
  return String(made[0]);
}
