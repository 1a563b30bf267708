/**
 * Failed sign-ins counted per key (a login, a client address) over a sliding window. Past the limit the key is
 * refused until its oldest failure leaves the window, so password guessing is slowed to a trickle per login and
 * per address, while a person who mistypes a few times is not locked out. Kept in memory: per process.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
    /** Keys tracked at most; the stalest go first, so a flood of addresses cannot grow memory without end. */
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until one of `keys` may try again; 0 when none is over the limit. */
  retryAfter(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key, now);
      if (times.length >= this.max) wait = Math.max(wait, times[0]! + this.windowMs - now);
    }
    return wait;
  }

  fail(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      const times = this.recent(key, now);
      times.push(now);
      // Re-inserting keeps the map in order of last failure, stalest first.
      this.failures.delete(key);
      this.failures.set(key, times);
    }
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** A successful sign-in clears the login's count (an address may hold several people). */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }
}
