import type { DemoHub } from '../vendors/vendor.ts';

/** The demo's hub as its vendor parts see it: the native API over HTTP with the admin token. */
export function demoHub(url: string, token: string, speedUp: number): DemoHub {
  return {
    url,
    speedUp,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
  };
}
