import { timingSafeEqual } from 'node:crypto';
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
 * The push source a callback is for, proven by its secret: in the URL (`?secret=`, since the Sigfox callback
 * form takes any URL) or in a header (`X-Trackway-Secret` or `Authorization: Bearer`). The source keeps only the
 * SHA-256 of the secret (`settings.secretHash`). An unknown source and a wrong secret answer alike.
 */
export async function authenticateSource(
  storage: Storage,
  sourceId: number,
  request: FastifyRequest,
): Promise<Source> {
  const query = request.query as Record<string, unknown>;
  const header = request.headers['x-trackway-secret'];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const secret =
    (typeof query.secret === 'string' && query.secret) || (typeof header === 'string' && header) || bearer;
  if (!secret) throw new ReceiverAuthError(401, 'a secret is required (?secret= or X-Trackway-Secret)');
  const source = Number.isSafeInteger(sourceId) ? await storage.getSource(sourceId) : null;
  const expected = source?.vendor === VENDOR && source.kind === 'push' ? source.settings.secretHash : null;
  const given = Buffer.from(hashSecret(secret));
  if (
    typeof expected !== 'string' ||
    expected.length !== given.length ||
    !timingSafeEqual(given, Buffer.from(expected))
  ) {
    throw new ReceiverAuthError(401, 'unknown source or wrong secret');
  }
  if (!source!.enabled) throw new ReceiverAuthError(403, `source ${sourceId} is disabled`);
  return source!;
}
