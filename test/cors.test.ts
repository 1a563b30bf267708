import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const ALLOWED = 'https://app.example.org';
const OTHER = 'https://evil.example.net';

/** A browser's preflight before a cross-origin GET with a token. */
const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
    signal: AbortSignal.timeout(10_000),
  });

describe('CORS', () => {
  let off: RunningServer;
  let on: RunningServer;
  beforeAll(async () => {
    [off, on] = await Promise.all([
      startServer(),
      startServer({ env: { TRACKWAY_CORS_ORIGINS: `${ALLOWED},http://localhost:5173` } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([off?.dispose(), on?.dispose()]);
  });

  it('is off by default: no origin is allowed', async () => {
    const res = await preflight(`${off.url}/api/v1/devices`, ALLOWED);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${off.url}/api/v1/devices`, {
      headers: { origin: ALLOWED, authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight of a configured origin, before any token is asked for', async () => {
    const res = await preflight(`${on.url}/api/v1/devices`, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await fetch(`${on.url}/api/v1/devices`, {
      headers: { origin: ALLOWED, authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(get.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('refuses another origin: no Access-Control-Allow-Origin, so the browser keeps the answer from it', async () => {
    const res = await preflight(`${on.url}/api/v1/devices`, OTHER);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${on.url}/api/v1/devices`, {
      headers: { origin: OTHER, authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
