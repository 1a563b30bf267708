import type { FastifyRequest } from 'fastify';
import { verifyLimited } from '../auth/failed-auth-limit.ts';
import { hashSecret } from '../auth/secrets.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { Credential, Group, Role } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import type { User } from '../storage/users.ts';
import { ApiError } from './errors.ts';

/** Who is calling: a live token or signed-in user, its role and the group subtree it may see. */
export interface Principal {
  role: Role;
  /** The API token sent, or used to sign in; null for a user's session. */
  credential: Credential | null;
  /** The signed-in user; null for a token. */
  user: User | null;
  group: Group;
  /** Path prefix of every group this caller may see. */
  scope: string;
}

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * Reads `Authorization: Bearer <token>`, else the web app's session cookie; 401 when missing, unknown, revoked or
 * ended. A header wins over a cookie, so a script run from a signed-in browser acts as its token. A wrong token or
 * cookie counts against the client's limit of failed authentications (429 past it).
 */
export async function authenticate(storage: Storage, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  const session = request.cookies?.[SESSION_COOKIE];
  if (!header && session) return fromSession(storage, request, session);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw new ApiError('UNAUTHORIZED', 'send an API token as "Authorization: Bearer <token>"');
  const credential = await verifyLimited(request, () => findToken(storage, match[1]!));
  if (!credential) throw new ApiError('UNAUTHORIZED', 'the token is unknown or revoked');
  return principal(storage, credential.role, credential.groupId, credential, null);
}

/** The live API token with this secret, or null. */
export async function findToken(storage: Storage, token: string): Promise<Credential | null> {
  const credential = await storage.findCredential(hashSecret(token));
  return credential?.kind === 'token' ? credential : null;
}

async function fromSession(storage: Storage, request: FastifyRequest, secret: string): Promise<Principal> {
  // SameSite=Strict keeps other sites' requests from carrying the cookie; a foreign Origin on a change is refused
  // as well, for browsers that predate SameSite.
  const origin = request.headers.origin;
  if (
    request.method !== 'GET' &&
    request.method !== 'HEAD' &&
    origin &&
    originHost(origin) !== request.host
  ) {
    throw new ApiError('FORBIDDEN', 'a signed-in browser may change data only from the web app itself');
  }
  const live = await verifyLimited(request, () => storage.users.findSession(hashSecret(secret), Date.now()));
  if (!live) throw new ApiError('UNAUTHORIZED', 'the session has ended; sign in again');
  if (live.user) return principal(storage, live.user.role, live.user.groupId, null, live.user);
  return principal(storage, live.credential!.role, live.credential!.groupId, live.credential, null);
}

/** The host of an Origin header; null for `null` (sandboxed or file pages) or anything unparsable. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function principal(
  storage: Storage,
  role: Role,
  groupId: number,
  credential: Credential | null,
  user: User | null,
): Promise<Principal> {
  const group = await storage.getGroup(groupId);
  if (!group) throw new ApiError('UNAUTHORIZED', 'the caller belongs to a group that no longer exists');
  return { role, credential, user, group, scope: group.path };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('UNAUTHORIZED', 'authentication required');
  return request.principal;
}

/** 403 when the caller's role is below `role` (viewer < manager < admin). */
export function requireRole(request: FastifyRequest, role: Role): Principal {
  const principal = principalOf(request);
  if (RANK[principal.role] < RANK[role]) {
    throw new ApiError('FORBIDDEN', `this needs the ${role} role; the caller has ${principal.role}`);
  }
  return principal;
}

export function roleAtLeast(role: Role, than: Role): boolean {
  return RANK[role] >= RANK[than];
}

/** Whether a group path lies in the caller's subtree. Out-of-scope resources answer 404, never 403. */
export function inScope(principal: Principal, path: string): boolean {
  return path.startsWith(principal.scope);
}
