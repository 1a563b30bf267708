import fc from 'fast-check';
import { CONTENT_TYPES, hostileBody, hostileText, largeBody } from './values.ts';

/** One route of the hub as its OpenAPI document lists it. */
export interface Route {
  method: string;
  path: string;
  /** Query parameters by name, with the values their schema allows when it lists them. */
  query: { name: string; allowed: string[] }[];
}

interface Schema {
  enum?: unknown[];
  anyOf?: Schema[];
  type?: string;
}

/** Values a parameter's schema lists (enums, unions of literals), so that a request gets past the schema. */
function allowedValues(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const own = (schema.enum ?? []).map(String);
  const nested = (schema.anyOf ?? []).flatMap(allowedValues);
  const typed = schema.type === 'integer' || schema.type === 'number' ? ['1', '0', '2'] : [];
  return [...own, ...nested, ...typed];
}

/** Credentials made at setup, so that requests reach past authentication into the parsers. */
export interface Credentials {
  token: string;
  /** Push source id and a secret, by vendor of the receiver. */
  receivers: Record<string, { sourceId: number; secret: string }>;
  /** Sigfox facade login. */
  sigfoxBasic: string;
  /** Ids that exist, for path parameters that should sometimes hit something. */
  ids: string[];
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * Routes not sent: ones that would end the run itself (revoking the fuzzer's token or sources), and the live
 * stream, which never ends by design.
 */
const EXCLUDED = [
  /^DELETE \/api\/v1\/(tokens|sources|groups|users)\b/,
  /^(PUT|DELETE) \/api\/v1\/session/,
  /^GET \/api\/v1\/stream$/,
];

/** Path prefixes to send to (every route when empty) and to leave out. */
export interface RouteFilter {
  include: readonly string[];
  exclude: readonly string[];
}

/** The routes of an OpenAPI document, with their query parameter names, minus the excluded ones. */
export function routesOf(
  openapi: {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[] }>>;
  },
  filter: RouteFilter = { include: [], exclude: [] },
): Route[] {
  const routes: Route[] = [];
  for (const [path, methods] of Object.entries(openapi.paths)) {
    if (filter.include.length && !filter.include.some((prefix) => path.startsWith(prefix))) continue;
    if (filter.exclude.some((prefix) => path.startsWith(prefix))) continue;
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      if (EXCLUDED.some((x) => x.test(`${m} ${path}`))) continue;
      const query = (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, allowed: allowedValues(p.schema) }));
      routes.push({ method: m, path, query });
    }
  }
  return routes;
}

/** The arbitrary of one request to one of `routes`; `large` is the size of the rare large bodies. */
export function requestArbitrary(
  base: string,
  routes: Route[],
  creds: Credentials,
  large: number,
): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(hostileText, fc.constantFrom(...creds.ids));
  return fc
    .record({
      route: fc.constantFrom(...routes),
      pathValues: fc.array(pathValue, { minLength: 4, maxLength: 4 }),
      // Per known parameter: left out, an allowed value, or a hostile one; then a few unknown ones.
      known: fc.array(fc.tuple(fc.constantFrom('out', 'allowed', 'hostile'), fc.nat(), hostileText), {
        minLength: 8,
        maxLength: 8,
      }),
      unknown: fc.array(fc.tuple(fc.string({ maxLength: 10 }), hostileText), { maxLength: 2 }),
      auth: fc.constantFrom('right', 'right', 'right', 'right', 'none', 'wrong'),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: fc.oneof({ arbitrary: hostileBody, weight: 200 }, { arbitrary: largeBody(large), weight: 1 }),
    })
    .map(({ route, pathValues, known, unknown, auth, contentType, body }) => {
      const receiver = /^\/ingest\/(\w+)/.exec(route.path)?.[1];
      const source = receiver ? creds.receivers[receiver] : undefined;
      let n = 0;
      const path = route.path.replace(/\{([^}]+)\}/g, (_all, name: string) =>
        // A receiver's own source, so that the body reaches its parser; else whatever was drawn.
        name === 'sourceId' && source && auth === 'right'
          ? String(source.sourceId)
          : encodeURIComponent(pathValues[n++ % 4]!),
      );
      const params = new URLSearchParams();
      route.query.forEach((q, i) => {
        const [how, pick, value] = known[i % known.length]!;
        if (how === 'hostile' || (how === 'allowed' && !q.allowed.length)) params.append(q.name, value);
        else if (how === 'allowed') params.append(q.name, q.allowed[pick % q.allowed.length]!);
      });
      for (const [name, value] of unknown) params.append(name, value);
      const headers: Record<string, string> = {};
      if (source) {
        if (auth === 'right') params.set('secret', source.secret);
        if (auth === 'wrong') params.set('secret', 'dev_wrong');
      } else if (auth !== 'none') {
        const token = auth === 'right' ? creds.token : 'tw_wrong-token';
        if (route.path.startsWith('/compat/sigfox/api'))
          headers.authorization = auth === 'right' ? creds.sigfoxBasic : 'Basic eDp5';
        else if (route.path.startsWith('/compat/followapps')) headers.authorization = `Token ${token}`;
        else if (route.path.startsWith('/compat/mix')) headers['x-auth'] = token;
        else if (route.path.startsWith('/compat/gps365')) params.set('api_token', token);
        else headers.authorization = `Bearer ${token}`;
      }
      const withBody = route.method !== 'GET' && route.method !== 'HEAD';
      const qs = params.toString();
      if (withBody) headers['content-type'] = contentType;
      return {
        method: route.method,
        url: `${base}${path}${qs ? `?${qs}` : ''}`,
        headers,
        ...(withBody ? { body } : {}),
      };
    });
}
