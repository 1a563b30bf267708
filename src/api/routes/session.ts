import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../auth/passwords.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, signIn, signOut } from '../../auth/sessions.ts';
import { createSignInLink, redeemSignInLink, SIGN_IN_LINK_TTL_MS } from '../../auth/sign-in-links.ts';
import { authenticate, principalOf, type Principal } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentGroup, presentToken, presentUser } from '../presenters.ts';
import { errors, Nullable, ref } from '../schemas.ts';
import type { App } from '../app.ts';

/** Who the caller is: the same answer for a token and for a signed-in browser. */
const Whoami = Type.Object({
  role: Type.String({ enum: ['admin', 'manager', 'viewer'] }),
  group: ref('Group'),
  user: Nullable(ref('User')),
  token: Nullable(ref('Token')),
});

export const presentWhoami = (p: Principal) => ({
  role: p.role,
  group: presentGroup(p.group),
  user: p.user ? presentUser(p.user) : null,
  token: p.credential ? presentToken(p.credential) : null,
});

/** Sign-in and sign-out need no credential: they are how a browser gets and drops one. */
export const isPublicSessionRoute = (method: string, path: string) =>
  (path === '/api/v1/session' && (method === 'POST' || method === 'DELETE')) ||
  (path === LINK_PATH && method === 'GET');

const LINK_PATH = '/api/v1/session/link';

function cookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
  };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string) {
  reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions(request), maxAge: SESSION_TTL_MS / 1000 });
}

export const sessionRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['session'];
  const { perAddress, perLogin, windowMs } = hub.config.authFailures;
  app.post(
    '/session',
    {
      schema: {
        tags,
        security: [],
        summary: 'Sign in with a login and password, or an API token; sets the HttpOnly session cookie',
        description:
          `The cookie (\`${SESSION_COOKIE}\`, HttpOnly, SameSite=Strict) then authenticates every /api/v1 request ` +
          'of the browser, the live stream included. Wrong credentials answer 401 without saying which part; ' +
          `after ${perLogin} failures for a login, or ${perAddress} failed authentications of any kind from an ` +
          `address, in ${windowMs / 60_000} minutes (the configured limits), 429 with Retry-After until that ` +
          'window has passed, a correct password included.',
        body: Type.Union([
          Type.Object(
            {
              login: Type.String({ minLength: 1, maxLength: 200 }),
              password: Type.String({ minLength: 1, maxLength: 1000 }),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            { token: Type.String({ minLength: 1, maxLength: 1000 }) },
            { additionalProperties: false },
          ),
        ]),
        response: { 201: Whoami, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      // An address may hold a whole office behind one router, so it gets more tries than one login.
      const login = 'login' in request.body ? request.body.login : undefined;
      await app.failedAuth?.check(request, login);
      const opened = await signIn(hub.storage, request.body);
      if (!opened) {
        await app.failedAuth?.fail(request, login);
        throw new ApiError('UNAUTHORIZED', 'wrong login or password, or an unknown token');
      }
      setSessionCookie(request, reply, opened.secret);
      // Answer as the new session, whatever else the request carried.
      delete request.headers.authorization;
      request.cookies[SESSION_COOKIE] = opened.secret;
      return reply.status(201).send(presentWhoami(await authenticate(hub.storage, request)));
    },
  );
  app.post(
    '/session/link',
    {
      schema: {
        tags,
        summary: 'A one-time sign-in link for the caller: opening it in a browser signs that browser in',
        description:
          `The link works once, within ${SIGN_IN_LINK_TTL_MS / 60_000} minutes, and signs the browser in as the ` +
          'caller (its user, or the API token it used). Hand it over like a password: whoever opens it first ' +
          'gets the session. `trackway demo` prints one.',
        response: {
          201: Type.Object({
            url: Type.String({ description: 'The link, on the address the request came to' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...errors(401),
        },
      },
    },
    async (request, reply) => {
      const { user, credential } = principalOf(request);
      const owner = user ? { userId: user.id } : { credentialId: credential!.id };
      const { key, expiresAt } = await createSignInLink(hub.storage, owner);
      const url = `${request.protocol}://${request.host}${LINK_PATH}?key=${encodeURIComponent(key)}`;
      return reply.status(201).send({ url, expiresAt: new Date(expiresAt).toISOString() });
    },
  );
  app.get(
    '/session/link',
    {
      schema: {
        tags,
        security: [],
        summary: 'Open a one-time sign-in link: sets the session cookie and redirects to the web app',
        description:
          'Answers 303 to `/` with the session cookie set. A key that is unknown, expired or used answers 401, and ' +
          'counts as a failed sign-in of the address (see POST /session).',
        querystring: Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 303: Type.Null(), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await app.failedAuth?.check(request);
      const opened = await redeemSignInLink(hub.storage, request.query.key);
      if (!opened) {
        await app.failedAuth?.fail(request);
        throw new ApiError('UNAUTHORIZED', 'this sign-in link is unknown, expired or used already');
      }
      setSessionCookie(request, reply, opened.secret);
      return reply.status(303).header('location', '/').send(null);
    },
  );
  app.get(
    '/session',
    {
      schema: {
        tags,
        summary: 'Who the caller is: role, group, and the user or token',
        response: { 200: Whoami, ...errors(401) },
      },
    },
    async (request) => presentWhoami(principalOf(request)),
  );
  app.put(
    '/session/password',
    {
      schema: {
        tags,
        summary: "Change the signed-in user's own password; its other sessions end, this one is renewed",
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
            newPassword: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        description:
          'A wrong current password answers 403 and counts as a failed sign-in of the address and the login ' +
          '(see POST /session): past the limits, 429 with Retry-After, a correct password included.',
        response: { 204: Type.Null(), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { user } = principalOf(request);
      if (!user) throw new ApiError('FORBIDDEN', 'an API token has no password; sign in as a user');
      // A wrong current password is a guess of the user's password (by whoever holds the session, a stolen
      // cookie included): counted like a failed sign-in of the address and the login.
      await app.failedAuth?.check(request, user.login);
      const found = await hub.storage.users.findLogin(user.login);
      if (!found?.passwordHash || !(await verifyPassword(request.body.currentPassword, found.passwordHash))) {
        await app.failedAuth?.fail(request, user.login);
        throw new ApiError('FORBIDDEN', 'the current password is wrong');
      }
      await hub.storage.users.updateUser(user.id, '/', {
        passwordHash: await hashPassword(request.body.newPassword),
      });
      const opened = await signIn(hub.storage, { login: user.login, password: request.body.newPassword });
      setSessionCookie(request, reply, opened!.secret);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/session',
    {
      schema: {
        tags,
        security: [],
        summary: "Sign out: ends the browser's session and clears its cookie",
        response: { 204: Type.Null() },
      },
    },
    async (request, reply: FastifyReply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await signOut(hub.storage, secret);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.status(204).send(null);
    },
  );
};
