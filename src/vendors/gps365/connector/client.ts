import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import type { HttpFetch } from '../../../ingest/http.ts';
import type { Gps365Envelope } from '../coordinate.ts';
import type { Gps365Settings } from './settings.ts';

/** Form fields of one request besides `api_token`; arrays become repeated fields (`trackers[]=1&trackers[]=2`). */
export type FormFields = [name: string, value: string][];

/** A GPS365 error that names the endpoint and, for a refused token, what to do; never the token itself. */
export class Gps365Error extends FatalError {
  constructor(
    readonly code: 401 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * POSTs one request (document 002 §1: "All of these requests should be POST") and returns the envelope's
 * `result` and `summary`. The envelope's `response.code` counts over the HTTP status, and may be a number or a
 * string (the document shows both).
 */
export async function callGps365(
  fetch: HttpFetch,
  settings: Gps365Settings,
  endpoint: string,
  fields: FormFields,
): Promise<{ result: unknown; summary: unknown }> {
  const body = new URLSearchParams([['api_token', settings.apiToken], ...fields]);
  const what = `GPS365 ${endpoint}`;
  const res = await fetch(`${settings.baseUrl}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  // Read whole by the runtime's fetch, which reports an answer that broke off.
  const text = await res.text();
  let envelope: Gps365Envelope | null = null;
  try {
    const parsed = JSON.parse(text) as Gps365Envelope;
    if (parsed && typeof parsed === 'object' && parsed.response) envelope = parsed;
  } catch {
    // Classified below from the HTTP status: a truncated or HTML answer is not GPS365's envelope.
  }
  const code = envelope ? Number(envelope.response.code) : res.status;
  const message = envelope?.response.message ? `: ${String(envelope.response.message)}` : '';
  if (code === 401)
    throw new Gps365Error(401, `${what}: the api_token was refused (401${message}); check apiToken`);
  if (code === 404) {
    throw new Gps365Error(
      404,
      `${what}: not found (404${message}); check baseUrl and the trackers of the account`,
    );
  }
  if (!res.ok && !envelope) {
    throw new RetryableError(`${what}: HTTP ${res.status}`, { retryAfterMs: retryAfter(res) });
  }
  if (!envelope) throw new RetryableError(`${what}: the answer is not GPS365's JSON envelope`);
  // 400 and 403 appear in newer versions of the document for limits and throttling: asking later helps.
  if (code !== 200) throw new RetryableError(`${what}: GPS365 answered ${code}${message}`);
  return { result: envelope.result, summary: envelope.summary };
}

function retryAfter(res: Response): number | null {
  const v = res.headers.get('retry-after');
  return v && /^\d+$/.test(v) ? Number(v) * 1000 : null;
}
