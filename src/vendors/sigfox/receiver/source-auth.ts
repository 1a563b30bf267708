import type { FastifyRequest } from 'fastify';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Source } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { VENDOR } from './to-record.ts';

export class ReceiverAuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The push source a callback is for, proven by one of its receiver secrets: in the URL (`?secret=`, since the
 * Sigfox callback form takes any URL) or in a header (`X-Trackway-Secret` or `Authorization: Bearer`). Only
 * hashes are stored. An unknown source and a wrong secret answer alike.
 */
export async function authenticateSource(
  storage: Storage,
  sourceId: number,
  request: FastifyRequest,
): Promise<{ source: Source; externalId: string | null }> {
  const query = request.query as Record<string, unknown>;
  const header = request.headers['x-trackway-secret'];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const secret =
    (typeof query.secret === 'string' && query.secret) || (typeof header === 'string' && header) || bearer;
  if (!secret) throw new ReceiverAuthError(401, 'a secret is required (?secret= or X-Trackway-Secret)');
  const found = await storage.findReceiverSecret(hashSecret(secret));
  const source = found?.sourceId === sourceId ? await storage.getSource(sourceId) : null;
  if (!source || source.vendor !== VENDOR || source.kind !== 'push') {
    throw new ReceiverAuthError(401, 'unknown source or wrong secret');
  }
  if (!source.enabled) throw new ReceiverAuthError(403, `source ${sourceId} is disabled`);
  return { source, externalId: found!.externalId };
}
