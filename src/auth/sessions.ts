import { randomBytes } from 'node:crypto';
import type { Storage } from '../storage/storage.ts';
import type { Session } from '../storage/users.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { hashSecret } from './secrets.ts';

/** The web app's session cookie: HttpOnly, SameSite=Strict, so a browser's EventSource carries it too. */
export const SESSION_COOKIE = 'trackway_session';
/** A session lasts a working fortnight; signing out ends it sooner. */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const PURGE_AFTER_MS = 24 * 3600 * 1000;

export type SignIn = { login: string; password: string } | { token: string };

/**
 * Checks a login and password (or an API token) and opens a session; null when they are wrong. The secret of
 * the session is returned once, for the cookie: like a token, only its hash is stored.
 */
export async function signIn(
  storage: Storage,
  input: SignIn,
): Promise<{ secret: string; session: Session } | null> {
  let owner: SessionOwner;
  if ('token' in input) {
    const credential = await storage.findCredential(hashSecret(input.token));
    if (credential?.kind !== 'token') return null;
    owner = { credentialId: credential.id };
  } else {
    const found = await storage.users.findLogin(input.login);
    // An unknown login costs one hash check too, so timing does not tell which logins exist.
    const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok || found.user.disabledAt !== null) return null;
    owner = { userId: found.user.id };
  }
  return openSession(storage, owner);
}

/** Who a session stands for: a user, or the API token it signed in with. */
export type SessionOwner = { userId: number } | { credentialId: number };

/** Opens a session for `owner` and returns its secret once, for the cookie. */
export async function openSession(
  storage: Storage,
  owner: SessionOwner,
): Promise<{ secret: string; session: Session }> {
  // Sessions over for a day go at each sign-in, so the table holds about the live ones.
  await storage.users.purgeSessions(Date.now() - PURGE_AFTER_MS);
  const secret = `ts_${randomBytes(32).toString('base64url')}`;
  const session = await storage.users.createSession({
    secretHash: hashSecret(secret),
    ...owner,
    expiresAt: Date.now() + SESSION_TTL_MS,
  });
  return { secret, session };
}

/** Ends the session with this cookie secret; false when it was not live. */
export function signOut(storage: Storage, secret: string): Promise<boolean> {
  return storage.users.endSession(hashSecret(secret));
}
