import type { FastifyRequest } from 'fastify';
import { hashSecret } from '../auth/secrets.ts';
import type { Credential, Group, Role } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import { ApiError } from './errors.ts';

/** Who is calling: a live credential and the group subtree it may see. */
export interface Principal {
  credential: Credential;
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

/** Reads `Authorization: Bearer <token>` and finds its credential; 401 when missing, unknown or revoked. */
export async function authenticate(storage: Storage, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError('UNAUTHORIZED', 'send an API token as "Authorization: Bearer <token>"');
  const credential = await storage.findCredential(hashSecret(match[1]!));
  if (!credential || credential.kind !== 'token')
    throw new ApiError('UNAUTHORIZED', 'the token is unknown or revoked');
  const group = await storage.getGroup(credential.groupId);
  if (!group) throw new ApiError('UNAUTHORIZED', 'the token belongs to a group that no longer exists');
  return { credential, group, scope: group.path };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('UNAUTHORIZED', 'authentication required');
  return request.principal;
}

/** 403 when the caller's role is below `role` (viewer < manager < admin). */
export function requireRole(request: FastifyRequest, role: Role): Principal {
  const principal = principalOf(request);
  if (RANK[principal.credential.role] < RANK[role]) {
    throw new ApiError(
      'FORBIDDEN',
      `this needs the ${role} role; the token has ${principal.credential.role}`,
    );
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
