import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../api/app.ts';

/** How many failed authentications are allowed before a client is refused, and for how long. */
export interface FailedAuthLimits {
  /** Failures per client address in a window; 0 turns the limit off. */
  perAddress: number;
  /** Failed sign-ins per login in a window (web sign-in only); 0 turns it off. */
  perLogin: number;
  windowMs: number;
}

/**
 * A client over its limit of failed authentications: answered 429 with `Retry-After`, in the shape of the API it
 * called, whatever credential it sends until the window passes.
 */
export class TooManyFailedAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `too many failed authentications from this address; retry after ${retryAfterSeconds} s (a correct credential is refused too until then)`,
    );
  }
}

/**
 * Counts failed authentications per client address (and, for web sign-in, per login) with @fastify/rate-limit:
 * only failures consume the allowance, and a client that used it up is refused before its credential is even
 * looked at, so that guessing tokens, receiver secrets, facade credentials or passwords is slowed to a trickle
 * while a correct credential never counts. The address is `request.ip`, which follows the `trustProxy` setting.
 * Kept in memory: per process.
 */
export class FailedAuthLimit {
  private constructor(
    private readonly perAddress: Limiter | null,
    private readonly perLogin: Limiter | null,
  ) {}

  /**
   * Registers the plugin on `app` (no limit on its own routes: `global: false`) and makes the limiters. Counters
   * are held by this object, so that another server of the hub (the OsmAnd port) shares them.
   */
  static async create(app: App, limits: FailedAuthLimits): Promise<FailedAuthLimit> {
    await app.register(rateLimit, { global: false });
    const common = { timeWindow: limits.windowMs, cache: MAX_TRACKED };
    return new FailedAuthLimit(
      limits.perAddress > 0 ? app.createRateLimit({ ...common, max: limits.perAddress }) : null,
      limits.perLogin > 0
        ? app.createRateLimit({
            ...common,
            max: limits.perLogin,
            keyGenerator: loginKey,
          })
        : null,
    );
  }

  /** Throws TooManyFailedAttempts while the request's address (or `login`) is over its limit. */
  async check(request: FastifyRequest, login?: string): Promise<void> {
    const waits = await Promise.all([
      this.peek(this.perAddress, request),
      login === undefined ? 0 : this.peek(this.perLogin, this.withLogin(request, login)),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyFailedAttempts(wait);
  }

  /** Counts one failed authentication of the request's address (and of `login`). */
  async fail(request: FastifyRequest, login?: string): Promise<void> {
    await this.perAddress?.(request);
    if (login !== undefined) await this.perLogin?.(this.withLogin(request, login));
  }

  /** Seconds until the key may try again; 0 when it is under its limit. */
  private async peek(limiter: Limiter | null, request: FastifyRequest): Promise<number> {
    if (!limiter) return 0;
    const state = await limiter(request, { increment: false });
    return !state.isAllowed && state.remaining === 0 ? Math.max(1, state.ttlInSeconds) : 0;
  }

  private withLogin(request: FastifyRequest, login: string): FastifyRequest {
    loginOf.set(request, login.toLowerCase());
    return request;
  }
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Clients tracked at most per limiter; the least recently seen go first, so a flood of addresses is bounded. */
const MAX_TRACKED = 10_000;

/** The login a sign-in is counted under, handed to the per-login limiter's key generator. */
const loginOf = new WeakMap<FastifyRequest, string>();
const loginKey = (request: FastifyRequest) => `login:${loginOf.get(request) ?? ''}`;

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's limit of failed authentications; absent on a bare server (unit tests of one route plugin). */
    failedAuth?: FailedAuthLimit;
  }
}

/**
 * Verifies a credential the request presented, under the limit: refused with TooManyFailedAttempts while the
 * client is over it, and a refusal (`verify` answering null) counted against it. A correct credential is not
 * counted.
 */
export async function verifyLimited<T>(
  request: FastifyRequest,
  verify: () => Promise<T | null>,
): Promise<T | null> {
  await checkFailedAuth(request);
  const found = await verify();
  if (found === null) await countFailedAuth(request);
  return found;
}

/** Throws TooManyFailedAttempts while the request's client is over its limit of failed authentications. */
export async function checkFailedAuth(request: FastifyRequest): Promise<void> {
  await request.server.failedAuth?.check(request);
}

/** Counts a credential the request presented and that was refused. */
export async function countFailedAuth(request: FastifyRequest): Promise<void> {
  await request.server.failedAuth?.fail(request);
}
