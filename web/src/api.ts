/** The native API, as the browser speaks it: same origin, the session cookie, JSON in and out. */

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when a request answers 401: the session has ended elsewhere (sign-out, expiry, a disabled user). */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/session') onSignedOut();
    const error = json?.error ?? { code: 'HTTP_' + res.status, message: res.statusText };
    throw new ApiFailure(res.status, error.code, error.message);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Every item of a cursor-paged list, up to `max`. */
export async function getAll<T>(path: string, max = 100_000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; next: string | null } = await get(
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}

export const query = (params: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
