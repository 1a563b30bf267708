import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undescribedAnswers } from '../src/api/openapi/described-answers.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { operationSchemas, operations, schemaChecker } from './support/openapi-schemas.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  ROOT,
  startServer,
  type RunningServer,
} from './support/server.ts';

/** Routes that are deliberately not API operations: the docs page's own files, the spec, the web app's files. */
const UNDOCUMENTED = (path: string) =>
  path.startsWith('/api/v1/docs') ||
  path === '/api/v1/openapi.json' ||
  ['/', '/index.html', '/web-config.json'].includes(path) ||
  path.startsWith('/assets/');
const RECORDER = join(import.meta.dirname, 'support', 'route-recorder.mjs');

describe('OpenAPI', () => {
  let server: RunningServer;
  let spec: Json;
  let recordDir: string;
  /** `METHOD /path` of every route the running server registered, as its route recorder saw them. */
  let registered: { method: string; url: string; hide: boolean }[];
  beforeAll(async () => {
    recordDir = await makeTempDir();
    const routesFile = join(recordDir, 'routes.ndjson');
    server = await startServer({ nodeArgs: ['--import', RECORDER], env: { E2E_ROUTES_FILE: routesFile } });
    spec = expectStatus(await new Api(server.url, null).get('/api/v1/openapi.json'), 200);
    registered = (await readFile(routesFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  });
  afterAll(async () => {
    await server?.dispose();
    if (recordDir) await removeTempDir(recordDir);
  });

  it('is served without a token and describes the API as OpenAPI 3.1', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.title).toBeTruthy();
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('is valid OpenAPI for a maintained validator', async () => {
    const result = await validate(structuredClone(spec));
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });

  it('holds only schemas that JSON Schema 2020-12 (its dialect) accepts in strict mode', () => {
    const checker = schemaChecker(spec);
    const refused: string[] = [];
    const schemas: [string, Json][] = [
      ...Object.keys(spec.components.schemas).map((name): [string, Json] => [
        name,
        { $ref: `#/components/schemas/${name}` },
      ]),
      ...operationSchemas(spec),
    ];
    for (const [where, schema] of schemas) {
      try {
        checker.compile(schema);
      } catch (err) {
        refused.push(`${where}: ${(err as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
    expect(schemas.length).toBeGreaterThan(200);
  });

  it('names every operation with a unique operationId', () => {
    const ids = operations(spec).map(([name, op]) => [name, op.operationId]);
    expect(ids.filter(([, id]) => typeof id !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    const seen = new Map<string, string>();
    const clashes = ids.filter(([name, id]) => seen.has(id) || !seen.set(id, name));
    expect(clashes).toEqual([]);
    expect(Object.fromEntries(ids.map(([name, id]) => [id, name]))).toMatchObject({
      getDevicesByIdPositions: 'GET /api/v1/devices/{id}/positions',
      postIngest: 'POST /api/v1/ingest',
    });
  });

  // A request example wherever there is a body, an answer example wherever the success answer has content (the
  // JSON one, or the only one); and every example anywhere must pass its own schema in the strict checker.
  it('gives every operation examples, each accepted by its own schema', () => {
    const checker = schemaChecker(spec);
    const missing: string[] = [];
    const wrong: string[] = [];
    let checked = 0;
    for (const [name, op] of operations(spec)) {
      const body = Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>);
      const success = Object.keys(op.responses ?? {})
        .filter((s) => /^2\d\d$/.test(s))
        .sort()[0];
      const answer = Object.entries((op.responses?.[success!]?.content ?? {}) as Record<string, Json>);
      for (const [type, media] of body) if (media.example === undefined) missing.push(`${name} body ${type}`);
      const described =
        answer.find(([type]) => type === 'application/json') ?? (answer.length === 1 && answer[0]);
      if (described && described[1].example === undefined) missing.push(`${name} ${success} ${described[0]}`);
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).flatMap(([status, r]) =>
        Object.entries((r.content ?? {}) as Record<string, Json>).map(([t, m]): [string, Json] => [
          `${status} ${t}`,
          m,
        ]),
      );
      for (const [where, media] of [
        ...body.map(([t, m]): [string, Json] => [`body ${t}`, m]),
        ...responses,
      ]) {
        if (media.example === undefined) continue;
        checked++;
        const errors = checker.errorsOf(media.schema, media.example);
        if (errors) wrong.push(`${name} ${where}: ${errors}`);
      }
    }
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    const ingest = operations(spec).find(([n]) => n === 'POST /api/v1/ingest')![1];
    expect(ingest.requestBody.content['application/x-ndjson'].example).toEqual(
      ingest.requestBody.content['application/json'].example,
    );
  });

  // Clients written for a vendor read a facade's or receiver's answers: a route added without them fails here.
  it('describes the success answers of every receiver and facade operation, with an example', () => {
    expect(undescribedAnswers(spec.paths, ['/compat/', '/ingest/'])).toEqual([]);
    const feed = '/compat/spot/spot-main-web/consumer/rest-api/2.0/public/feed/{feedId}';
    expect(Object.keys(spec.paths[`${feed}/message.xml`].get.responses['200'].content)).toEqual([
      'application/xml',
    ]);
    expect(Object.keys(spec.paths['/compat/mix/trips/{since}'].get.responses['200'].content)).toEqual([
      'application/json',
      'application/javascript',
      'application/xml',
      'text/csv',
    ]);
    expect(spec.paths['/compat/mix/trips/{since}'].get.responses['413'].content).toHaveProperty('text/plain');
  });

  it('describes receivers and facades with the credentials they really take', () => {
    const securityOf = (name: string) => {
      const op = operations(spec).find(([n]) => n === name)?.[1];
      expect(op, name).toBeDefined();
      return op.security ?? spec.security;
    };
    const schemes = spec.components.securitySchemes;
    expect(securityOf('GET /compat/sigfox/api/devices/{id}')).toEqual([{ basic: [] }]);
    expect(schemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
    for (const receiver of ['POST /ingest/sigfox/{sourceId}', 'POST /ingest/spot/{sourceId}']) {
      expect(securityOf(receiver)).toEqual(expect.arrayContaining([{ receiverSecret: [] }, { basic: [] }]));
    }
    expect(schemes.receiverSecret).toMatchObject({ type: 'apiKey', in: 'query', name: 'secret' });
    expect(schemes.receiverSecretHeader).toMatchObject({ in: 'header', name: 'X-Trackway-Secret' });
    expect(securityOf('POST /ingest/osmand')).toEqual(expect.arrayContaining([{ deviceToken: [] }]));
    expect(securityOf('GET /compat/mix/trips/{since}')).toContainEqual({ mixAuth: [] });
    expect(schemes.mixAuth).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth' });
    const feed = 'GET /compat/spot/spot-main-web/consumer/rest-api/2.0/public/feed/{feedId}/message.json';
    expect(securityOf(feed)).toContainEqual({ spotFeedPassword: [] });
    expect(schemes.spotFeedPassword).toMatchObject({ type: 'apiKey', in: 'query', name: 'feedPassword' });
    expect(securityOf('GET /compat/followapps/api/locations')).toContainEqual({ tokenScheme: [] });
    // GPS365 takes its token as the api_token field of the body, which OpenAPI has no scheme for.
    const gps365 = operations(spec).find(([n]) => n === 'POST /compat/gps365/api/trackers/list')![1];
    expect(gps365.security).toEqual([]);
    expect(gps365.requestBody.content['application/x-www-form-urlencoded'].schema.required).toContain(
      'api_token',
    );
    // Outside the native API, nothing takes the native token alone by default.
    const defaulted = operations(spec)
      .filter(([name]) => !/ \/(api\/v1\/|health$|metrics$|compat\/sigfox\/credentials$)/.test(name))
      .filter(([, op]) => op.security === undefined)
      .map(([name]) => name);
    expect(defaulted).toEqual([]);
  });

  it('gives a client generated by openapi-typescript that type-checks', async () => {
    const dir = await makeTempDir('trackway-openapi-ts-');
    try {
      await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(structuredClone(spec))));
      await writeFile(
        join(dir, 'use.ts'),
        [
          "import type { components, operations, paths } from './api.js';",
          "type Device = components['schemas']['Device'];",
          "type DevicePage = paths['/api/v1/devices']['get']['responses'][200]['content']['application/json'];",
          'export const names = (page: DevicePage): string[] => page.items.map((d: Device) => d.name);',
          "type Ingest = operations['postIngest']['requestBody'];",
          "export const body: NonNullable<Ingest>['content']['application/json'] = [",
          "  { vendor: 'acme', externalId: 'truck-1', fixTime: '2025-01-01T00:00:00Z', lat: 48.1, lon: 11.5 },",
          '];',
          "export const fixOf = (p: components['schemas']['Position']): [number, number] => [p.lat, p.lon];",
          '',
        ].join('\n'),
      );
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            types: [],
            skipLibCheck: true,
          },
          files: ['api.ts', 'use.ts'],
        }),
      );
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout ?? err);
      }
      expect(output).toBe('');
    } finally {
      await removeTempDir(dir);
    }
  });

  it('lists every route the server registers', async () => {
    const routes = [
      ...new Set(
        registered
          .filter((r) => r.method !== 'HEAD' && !UNDOCUMENTED(r.url))
          .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ];
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/devices/{id}/positions',
        'DELETE /api/v1/tokens/{id}',
        'GET /health',
      ]),
    );
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Json>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    // And nothing documented that is not served.
    expect([...documented].filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('documents the error responses of authenticated operations with the one error shape', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Json>)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(ops as Record<string, Json>)) {
        // Operations open to anyone (`security: []`, such as signing out) cannot be refused a credential.
        if (op.security?.length === 0) continue;
        if (!op.responses?.['401']) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(spec.info.description).toContain('INVALID_CURSOR');
  });

  it('serves a browsable docs page', async () => {
    const res = await fetch(`${server.url}/api/v1/docs`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/swagger/i);
  });

  it('answers an unknown route with 404 NOT_FOUND in the one error shape', async () => {
    const res = await new Api(server.url, ADMIN_TOKEN).get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const api = new Api(server.url, ADMIN_TOKEN);
    expectStatus(
      await api.ingest([{ vendor: 'm', externalId: 'm', fixTime: '2025-01-01T00:00:00Z', lat: 1, lon: 1 }]),
      200,
    );
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.body).toMatch(/^# TYPE trackway_ingest_records_total counter$/m);
    expect(res.body).toMatch(/^trackway_ingest_records_total\{[^}]*accepted[^}]*\} 1$/m);
  });
});
