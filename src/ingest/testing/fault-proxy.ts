import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a cloud does wrong to one request. */
export type Fault =
  /** Answers this status (and `Retry-After` when given) with a short text body, without asking the cloud. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Never answers; the connection stays open until the proxy closes. */
  | { kind: 'hang' }
  /** The cloud's answer, announced whole but broken off halfway through its body. */
  | { kind: 'cut' }
  /** The cloud's answer with only the first half of its body, properly ended: malformed JSON or XML. */
  | { kind: 'garble' };

export interface ProxiedRequest {
  path: string;
  /** Arrival on the clock the test gives the proxy. */
  at: number;
  fault: Fault | null;
  /** The status the client saw, or null when it saw none (hang, cut). */
  status: number | null;
  retryAfter: string | null;
}

/** Headers of the cloud's answer that describe the body as the cloud sent it, not as passed on. */
const HOP_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'content-encoding',
  'keep-alive',
]);

/**
 * A proxy on 127.0.0.1 in front of a fake cloud, through which a connector meets the faults of a real one:
 * the next requests get the faults given to `inject`, in order, and the rest pass to the cloud unchanged (its
 * `Date` header included, which some connectors read as the vendor's clock). Every request is logged.
 */
export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly queued: Fault[] = [];
  private server: Server | null = null;
  private readonly upstream: URL;

  constructor(
    upstream: string,
    private readonly now: () => number,
  ) {
    this.upstream = new URL(upstream);
  }

  /** Starts listening; returns the cloud's URL with the proxy's host, so that paths stay as they were. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(this.upstream);
    url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return url.toString().replace(/\/$/, '');
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  inject(...faults: Fault[]): void {
    this.queued.push(...faults);
  }

  /** Faults injected and not yet served. */
  get pending(): number {
    return this.queued.length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fault = this.queued.shift() ?? null;
    const request: ProxiedRequest = {
      path: req.url ?? '/',
      at: this.now(),
      fault,
      status: null,
      retryAfter: null,
    };
    this.requests.push(request);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      request.status = fault.status;
      request.retryAfter = fault.retryAfter ?? null;
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers).end(`injected HTTP ${fault.status}`);
      return;
    }
    const answer = await fetch(new URL(request.path, this.upstream), {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) =>
        k === 'host' || v === undefined ? [] : [[k, String(v)] as [string, string]],
      ),
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!HOP_HEADERS.has(key)) headers[key] = value;
    });
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (fault?.kind === 'cut') {
      res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
      res.write(half, () => res.destroy());
      return;
    }
    request.status = answer.status;
    const sent = fault?.kind === 'garble' ? half : body;
    res.writeHead(answer.status, { ...headers, 'content-length': String(sent.length) }).end(sent);
  }
}
