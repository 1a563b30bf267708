import type { FastifyRequest } from 'fastify';
import { hashSecret } from '../../../auth/secrets.ts';
import { ReceiverError } from '../../../receivers/receiver-error.ts';
import { basicCredentials, type ReceiverSource } from '../../../receivers/source-auth.ts';
import type { Storage } from '../../../storage/storage.ts';
import { SPOT_VENDOR } from '../to-records.ts';

export interface PushSender extends ReceiverSource {
  /** The messenger ESN the secret is bound to; null when it may send for any messenger. */
  esn: string | null;
}

/**
 * The SPOT source a push is for, proven by one of its receiver secrets: `?secret=` in the URL (SPOT is given a
 * URL only), or a header (`X-Trackway-Secret`, `Authorization: Bearer`, or the Basic password). The source may
 * be a push source or the feed (pull) source of the same messengers: a message then arriving both ways has one
 * identity in one source and is stored once. An unknown source and a wrong secret answer alike.
 */
export async function authenticatePush(
  storage: Storage,
  sourceId: number,
  request: FastifyRequest,
): Promise<PushSender> {
  const query = request.query as Record<string, unknown>;
  const header = request.headers['x-trackway-secret'];
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const secret =
    (typeof query.secret === 'string' && query.secret) ||
    (typeof header === 'string' && header) ||
    bearer ||
    basicCredentials(request.headers.authorization)?.password;
  if (!secret) {
    throw new ReceiverError(401, 'UNAUTHORIZED', 'a secret is required: add ?secret= to the push URL');
  }
  const found = await storage.findReceiverSecret(hashSecret(secret));
  const source = found?.sourceId === sourceId ? await storage.getSource(sourceId) : null;
  if (!found || !source || source.vendor !== SPOT_VENDOR) {
    throw new ReceiverError(401, 'UNAUTHORIZED', `unknown SPOT source ${sourceId} or wrong secret`);
  }
  if (!source.enabled) {
    throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} (${source.name}) is disabled`);
  }
  const group = await storage.getGroup(source.groupId);
  if (!group) throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} has no group`);
  return { source, group, esn: found.externalId };
}
