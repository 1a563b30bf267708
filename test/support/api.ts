/** Parsed JSON of a response: tests assert on its shape, so it is loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A small fetch client for the native API: JSON in, status and parsed JSON out, never throws on 4xx/5xx. */
export interface ApiResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

const REQUEST_TIMEOUT_MS = 20_000;

export class Api {
  constructor(
    readonly url: string,
    readonly token: string | null,
  ) {}

  as(token: string | null): Api {
    return new Api(this.url, token);
  }

  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, {
      method,
      headers: h,
      body: payload,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Json>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Json>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  patch<T = Json>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = Json>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** POST /api/v1/ingest as a JSON array, or as NDJSON when `ndjson` is set. */
  ingest(records: unknown[], ndjson = false) {
    return ndjson
      ? this.post('/api/v1/ingest', records.map((r) => JSON.stringify(r)).join('\n') + '\n', {
          'content-type': 'application/x-ndjson',
        })
      : this.post('/api/v1/ingest', records);
  }

  /** Every item of a cursor-paged list, following `next` at most `maxPages` times. */
  async all<T = Json>(path: string, maxPages = 1000): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const res: ApiResponse<{ items: T[]; next: string | null }> = await this.get<{
        items: T[];
        next: string | null;
      }>(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
      if (res.status !== 200)
        throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      items.push(...res.body.items);
      cursor = res.body.next;
      if (!cursor) return items;
    }
    throw new Error(`GET ${path} had more than ${maxPages} pages`);
  }

  /** Follows /api/v1/sync from `after` until it reports no more, returning the records and the last cursor. */
  async syncAll(after: string | null = null, limit = 1000, maxPages = 1000) {
    const records: Json[] = [];
    let cursor = after;
    for (let page = 0; page < maxPages; page++) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor) q.set('after', cursor);
      const res = await this.get(`/api/v1/sync?${q}`);
      if (res.status !== 200) throw new Error(`sync answered ${res.status}: ${JSON.stringify(res.body)}`);
      records.push(...res.body.records);
      cursor = res.body.next;
      if (!res.body.more) return { records, next: cursor };
    }
    throw new Error(`sync had more than ${maxPages} pages`);
  }
}

/** Throws with the response when the status is not the expected one; returns the body. */
export function expectStatus<T>(res: ApiResponse<T>, status: number): T {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** A position record for device `externalId` of vendor `vendor`, at `fixTime` (ms) with small varying coordinates. */
export function fix(
  vendor: string,
  externalId: string,
  fixTime: number,
  extra: Record<string, unknown> = {},
) {
  return {
    vendor,
    externalId,
    fixTime: new Date(fixTime).toISOString(),
    lat: 45 + (fixTime % 100_000) / 1e6,
    lon: 7 + (fixTime % 77_777) / 1e6,
    ...extra,
  };
}
