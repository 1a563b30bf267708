import { FatalError, RetryableError } from './errors.ts';

/** The fetch a connector is given: Node's fetch with a timeout, failures already classified as retryable. */
export type HttpFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export function createHttpFetch(timeoutMs: number, base: typeof fetch = fetch): HttpFetch {
  return async (url, init) => {
    const host = new URL(url).host;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await base(url, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new RetryableError(`${host}: ${describeFailure(err, timeoutMs)}`, { cause: err });
    }
    // Read whole here, within the timeout: a cloud that closes or stalls mid-body is then a retryable failure
    // that says so, not a bare "terminated" thrown from wherever the connector reads the body.
    let body: ArrayBuffer;
    try {
      body = await response.arrayBuffer();
    } catch (err) {
      throw new RetryableError(
        `${host}: the answer broke off (HTTP ${response.status}): ${describeFailure(err, timeoutMs)}`,
        { cause: err },
      );
    }
    const { status, statusText, headers } = response;
    return new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, statusText, headers });
  };
}

/** Statuses whose Response cannot carry a body, even an empty one (Fetch standard). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function describeFailure(err: unknown, timeoutMs: number): string {
  return err instanceof Error && err.name === 'TimeoutError'
    ? `no answer within ${timeoutMs} ms`
    : describeNetworkError(err);
}

/**
 * The error for an HTTP answer that is not a success: rate limiting, timeouts, server errors and any answer with a
 * Retry-After pass, so they are retried; refused credentials and other client errors will not pass by retrying,
 * so they are fatal.
 */
export function statusError(response: Response, what: string): Error {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const wait = retryAfterMs(response);
  // A refusal that says when to come back is throttling (SPOT and GPS365 answer 403 so), not bad credentials.
  if (response.status === 429 || response.status === 408 || response.status >= 500 || wait !== null) {
    return new RetryableError(`${what}: ${status}`, { retryAfterMs: wait });
  }
  if (response.status === 401 || response.status === 403) {
    return new FatalError(`${what}: credentials rejected (${status})`);
  }
  return new FatalError(`${what}: ${status}`);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? (err.cause ?? err) : err;
  if (cause instanceof Error)
    return 'code' in cause ? `${String(cause.code)} ${cause.message}` : cause.message;
  return String(cause);
}
