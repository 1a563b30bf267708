/**
 * SPOT's etiquette reproduced for one feed's callers, for people testing their clients (off unless the feed
 * asks for it): the document's 2.5 minutes between calls of the same feed and 2 seconds between requests, per
 * client address. Held in memory: it is a testing aid, not a protection.
 */
export class FeedRateLimiter {
  private readonly byFeed = new Map<string, number>();
  private readonly byClient = new Map<string, number>();

  constructor(
    private readonly feedMs = 150_000,
    private readonly spacingMs = 2_000,
  ) {}

  /** Records the call; false when it came too early. */
  allow(feedId: string, client: string, now: number): boolean {
    const key = `${feedId}\u0000${client}`;
    const lastFeed = this.byFeed.get(key);
    const lastAny = this.byClient.get(client);
    this.byFeed.set(key, now);
    this.byClient.set(client, now);
    if (this.byClient.size > 10_000) this.byClient.clear();
    if (this.byFeed.size > 10_000) this.byFeed.clear();
    return (
      (lastFeed == null || now - lastFeed >= this.feedMs) &&
      (lastAny == null || now - lastAny >= this.spacingMs)
    );
  }
}
