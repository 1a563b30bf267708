import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.ts';

describe('sign-in limiter', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('refuses a key after the limit of failures until the oldest leaves the window', () => {
    const c = clock();
    const limiter = new SignInLimiter(3, 60_000, 100, c.now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter(['login:ann'])).toBe(0);
      limiter.fail(['login:ann', 'ip:1']);
      c.advance(1000);
    }
    expect(limiter.retryAfter(['login:ann'])).toBe(57_000);
    expect(limiter.retryAfter(['ip:1', 'login:bob'])).toBe(57_000);
    expect(limiter.retryAfter(['login:bob', 'ip:2'])).toBe(0);
    c.advance(57_000);
    expect(limiter.retryAfter(['login:ann'])).toBe(0);
  });

  it("clears a login's count on success", () => {
    const limiter = new SignInLimiter(2, 60_000);
    limiter.fail(['login:ann']);
    limiter.fail(['login:ann']);
    expect(limiter.retryAfter(['login:ann'])).toBeGreaterThan(0);
    limiter.succeed('login:ann');
    expect(limiter.retryAfter(['login:ann'])).toBe(0);
  });

  it('forgets the stalest keys beyond its size', () => {
    const limiter = new SignInLimiter(1, 60_000, 2);
    limiter.fail(['a']);
    limiter.fail(['b']);
    limiter.fail(['c']);
    expect(limiter.retryAfter(['a'])).toBe(0);
    expect(limiter.retryAfter(['b'])).toBeGreaterThan(0);
    expect(limiter.retryAfter(['c'])).toBeGreaterThan(0);
  });
});
