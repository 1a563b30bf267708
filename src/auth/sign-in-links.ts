import { randomBytes } from 'node:crypto';
import type { Storage } from '../storage/storage.ts';
import type { Session } from '../storage/users.ts';
import { hashSecret } from './secrets.ts';
import { openSession, type SessionOwner } from './sessions.ts';

/** A sign-in link works once, within ten minutes: long enough to click, short enough to leak harmlessly. */
export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;

/**
 * A link is kept as a short-lived session whose hash is salted apart from cookie secrets, so its key can never
 * serve as a cookie: it can only be exchanged, once, for a session of its own.
 */
const linkHash = (key: string) => hashSecret(`sign-in-link:${key}`);

/** Makes a one-time sign-in link key for `owner`; only its hash is stored. */
export async function createSignInLink(
  storage: Storage,
  owner: SessionOwner,
  now = Date.now(),
): Promise<{ key: string; expiresAt: number }> {
  const key = `tl_${randomBytes(32).toString('base64url')}`;
  const expiresAt = now + SIGN_IN_LINK_TTL_MS;
  await storage.users.createSession({ secretHash: linkHash(key), ...owner, expiresAt });
  return { key, expiresAt };
}

/**
 * Exchanges a link key for a new session of the same user or token; null when the key is unknown, expired,
 * used already, or its user or token is no longer live. Ending the link is one conditional update, so two
 * clicks at once open one session.
 */
export async function redeemSignInLink(
  storage: Storage,
  key: string,
): Promise<{ secret: string; session: Session } | null> {
  const hash = linkHash(key);
  const live = await storage.users.findSession(hash, Date.now());
  if (!live || !(await storage.users.endSession(hash))) return null;
  const owner: SessionOwner = live.user ? { userId: live.user.id } : { credentialId: live.credential!.id };
  return openSession(storage, owner);
}
