import type { FastifyRequest } from 'fastify';
import { roleAtLeast, type Principal } from '../../../api/auth.ts';
import { verifyLimited } from '../../../auth/failed-auth-limit.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Storage } from '../../../storage/storage.ts';
import { faErrors } from './errors.ts';

/**
 * A Trackway API token sent the FollowAnalytics way, `Authorization: Token <token>`, or as `Bearer`. The
 * token's group is the entity: the caller sees its subtree. A token whose group is gone has no entity.
 */
export async function authenticateToken(storage: Storage, request: FastifyRequest): Promise<Principal> {
  const match = /^(?:Token|Bearer)\s+(?:token=)?"?([^\s"]+)"?\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) throw faErrors.unauthorized('Send an API token as "Authorization: Token <token>"');
  const credential = await verifyLimited(request, async () => {
    const found = await storage.findCredential(hashSecret(match[1]!));
    return found?.kind === 'token' ? found : null;
  });
  if (!credential) throw faErrors.unauthorized('Invalid API token');
  const group = await storage.getGroup(credential.groupId);
  if (!group) throw faErrors.entityNotFound();
  return { role: credential.role, credential, user: null, group, scope: group.path };
}

/** Creating and changing places needs the manager role; a viewer gets the document's `No access.`. */
export function requireWriter(principal: Principal): void {
  if (!roleAtLeast(principal.role, 'manager')) throw faErrors.noAccess();
}
