import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

/** A body in a media type no route reads, to every route with a body: each names what it reads instead. */
describe('415 Unsupported Media Type', () => {
  let server: RunningServer;
  let spec: Json;
  beforeAll(async () => {
    server = await startServer();
    spec = expectStatus(await new Api(server.url, null).get('/api/v1/openapi.json'), 200);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const send = (method: string, path: string, headers: Record<string, string>, body: string | Uint8Array) =>
    fetch(server.url + path.replace(/\{id\}|\{secretId\}/g, '1').replace(/\{\w+\}/g, 'x'), {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });

  it('names the accepted types in the error shape, on every native route with a body', async () => {
    const checked: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Json>)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(ops as Record<string, Json>)) {
        const accepted = Object.keys(op.requestBody?.content ?? {});
        if (accepted.length === 0) continue;
        const res = await send(method.toUpperCase(), path, { 'content-type': 'application/x-unknown' }, 'x');
        const body = (await res.json()) as Json;
        expect({ route: `${method} ${path}`, status: res.status, code: body.error?.code }).toEqual({
          route: `${method} ${path}`,
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
        expect(body.error.message).toContain('application/x-unknown');
        for (const type of accepted) expect(body.error.message).toContain(type);
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['post /api/v1/ingest', 'patch /api/v1/devices/{id}']));
    expect(checked.length).toBeGreaterThan(15);
  });

  it('says so for a body without a Content-Type', async () => {
    const res = await send('POST', '/api/v1/devices', {}, new Uint8Array([123, 125]));
    expect(res.status).toBe(415);
    expect(((await res.json()) as Json).error.message).toMatch(
      /without a Content-Type; send application\/json/,
    );
  });

  it('names them in the envelope of a vendor facade too', async () => {
    const res = await send(
      'POST',
      '/compat/gps365/api/trackers/list',
      { 'content-type': 'text/xml' },
      '<x/>',
    );
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(text).toContain('application/x-www-form-urlencoded');
    expect(text).toContain('text/xml');
  });
});
