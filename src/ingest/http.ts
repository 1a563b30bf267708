import { FatalError, RetryableError } from './errors.ts';

/** The fetch a connector is given: Node's fetch with a timeout, failures already classified as retryable. */
export type HttpFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export function createHttpFetch(timeoutMs: number, base: typeof fetch = fetch): HttpFetch {
  return async (url, init) => {
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      return await base(url, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : describeNetworkError(err);
      throw new RetryableError(`${new URL(url).host}: ${reason}`, { cause: err });
    }
  };
}

/**
 * The error for an HTTP answer that is not a success: rate limiting, timeouts and server errors pass, so they
 * are retried; refused credentials and other client errors will not pass by retrying, so they are fatal.
 */
export function statusError(response: Response, what: string): Error {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    return new RetryableError(`${what}: ${status}`, { retryAfterMs: retryAfter(response) });
  }
  if (response.status === 401 || response.status === 403) {
    return new FatalError(`${what}: credentials rejected (${status})`);
  }
  return new FatalError(`${what}: ${status}`);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfter(response: Response): number | null {
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
