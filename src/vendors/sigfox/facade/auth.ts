import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verifyLimited } from '../../../auth/failed-auth-limit.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Group } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { SigfoxApiError } from './errors.ts';

/** Credentials of this facade are named so, to tell them from other Basic pairs of the same group. */
export const CREDENTIAL_NAME = 'sigfox-api';

export interface SigfoxCaller {
  group: Group;
  /** Path prefix of the groups it may see: its group and the sub-groups. */
  scope: string;
}

/** HTTP Basic, as the document requires: the pair generated for a group. */
export async function authenticateBasic(storage: Storage, request: FastifyRequest): Promise<SigfoxCaller> {
  const match = /^Basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new SigfoxApiError(401, 'HTTP Basic credentials are required');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const credential = await verifyLimited(request, async () => {
    const found = colon > 0 ? await storage.findCredential(hashSecret(decoded)) : null;
    return found?.kind === 'password' && found.name === CREDENTIAL_NAME ? found : null;
  });
  if (!credential) throw new SigfoxApiError(401, 'the credentials are unknown or were regenerated');
  const group = await storage.getGroup(credential.groupId);
  if (!group) throw new SigfoxApiError(401, 'the credentials belong to a group that no longer exists');
  return { group, scope: group.path };
}

/**
 * Generates the group's API pair and revokes the previous one ("new ones can be regenerated at any moment,
 * invalidating the previous ones"). The password is returned once and stored only hashed.
 */
export async function generateCredentials(storage: Storage, group: Group) {
  for (const c of await storage.listCredentials(group.path)) {
    if (c.groupId === group.id && c.kind === 'password' && c.name === CREDENTIAL_NAME && !c.revokedAt) {
      await storage.revokeCredential(c.id, group.path);
    }
  }
  const login = randomBytes(12).toString('hex');
  const password = randomBytes(16).toString('hex');
  await storage.createCredential({
    groupId: group.id,
    role: 'manager',
    kind: 'password',
    name: CREDENTIAL_NAME,
    prefix: login,
    secretHash: hashSecret(`${login}:${password}`),
  });
  return { login, password };
}
