import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { presentFeedJson } from '../facade/present-json.ts';
import { presentFeedXml } from '../facade/present-xml.ts';
import { FEED_PATH } from '../connector/settings.ts';
import { feedErrors } from '../connector/feed-errors.ts';
import type { SpotFeedError, SpotFeedInfo, SpotFeedPage, SpotMessage } from '../spot-message.ts';

export interface FakeFeed {
  /** Newest first, as SPOT serves them; paged 50 at a time, `start` counted from 1 as in the document. */
  messages?: SpotMessage[];
  /** A recorded response served verbatim as the first page (a sample file); later pages are E-0195. */
  body?: string;
  password?: string;
}

export interface SpotRequest {
  feed: string;
  start: number;
  format: string;
  /** Time of arrival on the clock the test gives the cloud. */
  at: number;
  status: number;
}

/** SPOT's etiquette, enforced: 150 s per feed, 2 s between any two requests, a long block for a breach. */
export interface FakeLimits {
  feedMs: number;
  spacingMs: number;
  blockMs: number;
}

export const SPOT_LIMITS: FakeLimits = { feedMs: 150_000, spacingMs: 2_000, blockMs: 30 * 60_000 };

/**
 * A SPOT cloud on 127.0.0.1 with an ephemeral port, serving the public feed API. A client that calls too early
 * is blocked the way SPOT blocks: HTTP 403 with no feed body, for every request until the block ends.
 */
export class FakeSpotCloud {
  readonly requests: SpotRequest[] = [];
  private readonly feeds = new Map<string, FakeFeed>();
  private readonly lastByFeed = new Map<string, number>();
  private lastAny: number | null = null;
  private blockedUntil = -Infinity;
  private server: Server | null = null;

  constructor(
    private readonly now: () => number,
    readonly limits: FakeLimits = SPOT_LIMITS,
  ) {}

  /** Listens on 127.0.0.1, on `port` or an ephemeral one. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  setFeed(id: string, feed: FakeFeed): void {
    this.feeds.set(id, feed);
  }

  /** Requests answered 403: what a well-behaved client never causes. */
  get refused(): SpotRequest[] {
    return this.requests.filter((r) => r.status === 403);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://spot');
    const match = new RegExp(`^${FEED_PATH}/([^/]+)/message(?:\\.(json|xml))?$`).exec(url.pathname);
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const [, feedId = '', format = 'json'] = match;
    const start = Number(url.searchParams.get('start') ?? 0) || 0;
    const now = this.now();
    const request: SpotRequest = { feed: feedId, start, format, at: now, status: 200 };
    this.requests.push(request);

    const last = this.lastByFeed.get(feedId);
    const tooSoon =
      (last != null && now - last < this.limits.feedMs) ||
      (this.lastAny != null && now - this.lastAny < this.limits.spacingMs);
    this.lastByFeed.set(feedId, now);
    this.lastAny = now;
    if (now < this.blockedUntil || tooSoon) {
      if (now >= this.blockedUntil) this.blockedUntil = now + this.limits.blockMs;
      request.status = 403;
      res.writeHead(403, { 'content-type': 'text/html' }).end('<html><body>403 Forbidden</body></html>');
      return;
    }
    const body = this.answer(feedId, start, url.searchParams.get('feedPassword'));
    const send =
      typeof body === 'string' ? body : format === 'xml' ? presentFeedXml(body) : presentFeedJson(body);
    const type = format === 'xml' ? 'application/xml' : 'application/json';
    res.writeHead(200, { 'content-type': `${type};charset=UTF-8` }).end(send);
  }

  private answer(
    feedId: string,
    start: number,
    password: string | null,
  ): string | SpotFeedPage | SpotFeedError {
    const feed = this.feeds.get(feedId);
    if (!feed) return feedErrors.notFound(feedId);
    if (feed.password != null && feed.password !== password) return feedErrors.badPassword(feedId);
    const from = Math.max(0, start - 1);
    if (feed.body != null) return from === 0 ? feed.body : feedErrors.noMessages(feedId);
    const all = feed.messages ?? [];
    const page = all.slice(from, from + 50);
    if (!page.length) return feedErrors.noMessages(feedId);
    return {
      kind: 'messages',
      feed: info(feedId),
      count: page.length,
      totalCount: all.length,
      activityCount: 0,
      messages: page,
    };
  }
}

function info(id: string): SpotFeedInfo {
  return {
    id,
    name: id,
    description: id,
    status: 'ACTIVE',
    usage: 0,
    daysRange: 7,
    detailedMessageShown: true,
    type: 'SHARED_PAGE',
  };
}
