import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FatalError, RetryableError } from './errors.ts';
import { createHttpFetch, statusError } from './http.ts';

describe('statusError', () => {
  it('retries rate limiting and server errors, honouring Retry-After', () => {
    const limited = statusError(
      new Response(null, { status: 429, headers: { 'retry-after': '30' } }),
      'feed x',
    );
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(30_000);
    expect(statusError(new Response(null, { status: 502 }), 'feed x')).toBeInstanceOf(RetryableError);
  });

  it('gives up on refused credentials and other client errors', () => {
    const refused = statusError(new Response(null, { status: 403, statusText: 'Forbidden' }), 'feed x');
    expect(refused).toBeInstanceOf(FatalError);
    expect(refused.message).toBe('feed x: credentials rejected (HTTP 403 Forbidden)');
    expect(statusError(new Response(null, { status: 400 }), 'feed x')).toBeInstanceOf(FatalError);
  });

  it('retries a refusal that says when to come back: throttling, not bad credentials', () => {
    const throttled = statusError(
      new Response(null, { status: 403, statusText: 'Forbidden', headers: { 'retry-after': '120' } }),
      'feed x',
    );
    expect(throttled).toBeInstanceOf(RetryableError);
    expect((throttled as RetryableError).retryAfterMs).toBe(120_000);
  });
});

describe('createHttpFetch', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
    server = null;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const s = createServer(handler);
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  }

  it('turns a request that gets no answer in time into a retryable error', async () => {
    const url = await listen(() => {});
    const started = Date.now();
    const failure = await createHttpFetch(100)(url).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toMatch(/no answer within 100 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('turns an answer that breaks off mid-body into a retryable error that says so', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"messages":[', () => res.destroy());
    });
    const failure = await createHttpFetch(1_000)(url).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toMatch(/^127\.0\.0\.1:\d+: the answer broke off \(HTTP 200\)/);
  });

  it('turns a refused connection into a retryable error', async () => {
    const url = await listen(() => {});
    server!.close();
    server = null;
    const failure = await createHttpFetch(1_000)(url).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
  });
});
