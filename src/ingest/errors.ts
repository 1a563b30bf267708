/**
 * How a connector classifies a failure. The runtime retries a `RetryableError` (and anything else thrown) with
 * backoff; a `FatalError` stops the source until someone fixes its settings, since retrying cannot help.
 */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  /** The vendor's own wait (e.g. a 429's Retry-After), honoured when longer than the backoff. */
  readonly retryAfterMs: number | null;

  constructor(message: string, options?: { retryAfterMs?: number | null; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

export class FatalError extends Error {
  override readonly name = 'FatalError';
}
