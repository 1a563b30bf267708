import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
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

  it('is served without a token and describes the API as OpenAPI 3', () => {
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBeTruthy();
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
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
