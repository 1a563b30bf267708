import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the cloud asks of a client it rate-limits (HTTP 429). */
export const RETRY_AFTER_S = 300;

export interface CloudMessage {
  id: string;
  device: string;
  time: number;
  lat: number;
  lon: number;
}

export interface CloudRequest {
  feed: string;
  cursor: string | null;
  /** Virtual time of arrival, from the clock the test gives the cloud. */
  at: number;
  status: number;
}

/**
 * A vendor cloud on 127.0.0.1 with an ephemeral port: feeds of messages served in pages by an index cursor
 * (`GET /feeds/:feed/messages?cursor=N`, Bearer token), every request logged with its time and answer.
 */
export class FakeCloud {
  readonly requests: CloudRequest[] = [];
  /** Real milliseconds each answer is held back, to have a request in flight. */
  delayMs = 0;
  private readonly feeds = new Map<string, CloudMessage[]>();
  private readonly scripted = new Map<string, number[]>();
  private server: Server | null = null;

  constructor(
    private readonly now: () => number,
    readonly token = 'test-token',
    readonly pageSize = 2,
  ) {}

  /** Starts listening; returns the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  addFeed(feed: string, messages: CloudMessage[]): void {
    this.feeds.set(feed, messages);
  }

  /** The next requests to `feed` are answered with these statuses, in order, before it serves pages again. */
  failNext(feed: string, ...statuses: number[]): void {
    this.scripted.set(feed, [...(this.scripted.get(feed) ?? []), ...statuses]);
  }

  requestsFor(feed: string): CloudRequest[] {
    return this.requests.filter((r) => r.feed === feed);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cloud');
    const feed = decodeURIComponent(/^\/feeds\/([^/]+)\/messages$/.exec(url.pathname)?.[1] ?? '');
    const cursor = url.searchParams.get('cursor');
    const request: CloudRequest = { feed, cursor, at: this.now(), status: 200 };
    this.requests.push(request);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = (status: number, body: unknown) => {
      request.status = status;
      const headers = status === 429 ? { 'retry-after': String(RETRY_AFTER_S) } : {};
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    const messages = this.feeds.get(feed);
    if (req.headers.authorization !== `Bearer ${this.token}`) return answer(401, { error: 'bad token' });
    if (!messages) return answer(404, { error: 'feed not found' });
    const failure = this.scripted.get(feed)?.shift();
    if (failure) return answer(failure, { error: 'scripted failure' });
    const start = Number(cursor ?? 0);
    const end = Math.min(messages.length, start + this.pageSize);
    answer(200, { messages: messages.slice(start, end), next: String(end), more: end < messages.length });
  }
}

/** `count` messages of one device, a minute apart, ending before `before`. */
export function messages(device: string, count: number, before: number): CloudMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${device}-${i}`,
    device,
    time: before - (count - i) * 60_000,
    lat: 46 + i / 1000,
    lon: 7 + i / 1000,
  }));
}
