import type { FastifyRequest } from 'fastify';
import { verifyLimited } from '../../../auth/failed-auth-limit.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Group } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { isTimeZone } from '../wire/dates.ts';
import { MixApiError } from './errors.ts';

export interface MixCaller {
  group: Group;
  /** Group path prefix of what the caller may see. */
  scope: string;
  /** The caller's time zone (its group's `attributes.timeZone`), sent back as X-Globalisation. */
  timeZone: string;
}

/**
 * A Trackway API token, in the `X-Auth` header as the document asks, or in the `auth` parameter it also
 * accepts; the token's group bounds what the caller sees.
 */
export async function authenticateMix(storage: Storage, request: FastifyRequest): Promise<MixCaller> {
  const header = request.headers['x-auth'];
  const query = (request.query as { auth?: string }).auth;
  const token = (typeof header === 'string' && header) || query;
  if (!token)
    throw new MixApiError(401, 'send a Trackway API token in the X-Auth header or the auth parameter');
  const credential = await verifyLimited(request, async () => {
    const found = await storage.findCredential(hashSecret(token));
    return found?.kind === 'token' ? found : null;
  });
  if (!credential) throw new MixApiError(401, 'the token is unknown or revoked');
  const group = await storage.getGroup(credential.groupId);
  if (!group) throw new MixApiError(401, 'the token belongs to a group that no longer exists');
  const zone = group.attributes.timeZone;
  const timeZone = typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
  return { group, scope: group.path, timeZone };
}
