import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One fix as the fixture vendor's cloud serves it. */
export interface AcmeFix {
  seq: number;
  unit: string;
  time: number;
  lat: number;
  lon: number;
}

/**
 * The fixture vendor's cloud: `GET /fixes?after=N` answers the fixes after sequence number N, at most `pageSize`
 * of them, oldest first, for the bearer token it was started with.
 */
export async function startAcmeCloud(fixes: AcmeFix[], pageSize = 2) {
  const token = 'acme-cloud-token';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cloud');
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
    if (url.pathname !== '/fixes') return void res.writeHead(404).end();
    const after = Number(url.searchParams.get('after') ?? 0);
    const page = fixes.filter((f) => f.seq > after).slice(0, pageSize);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fixes: page }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
