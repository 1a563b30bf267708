import type { FastifyRequest } from 'fastify';
import { checkFailedAuth, countFailedAuth, verifyLimited } from '../../auth/failed-auth-limit.ts';
import { hashSecret } from '../../auth/secrets.ts';
import type { Group, Source } from '../../model/records.ts';
import type { Storage } from '../../storage/storage.ts';
import { ReceiverError } from './receiver-error.ts';
import { requestSecret } from './request-secret.ts';

/** The source a push request is accepted under: its group and unknown-device policy apply. */
export interface ReceiverSource {
  source: Source;
  group: Group;
}

/** A push source proven by one of its secrets. */
export interface PushSender extends ReceiverSource {
  /** The external id the secret is bound to (the caller refuses records of other devices); null for any. */
  boundTo: string | null;
}

/** Which sources a receiver mounted at `…/{sourceId}` takes requests for. */
export interface PushTarget {
  vendor: string;
  /** SPOT also takes pushes into its feed (pull) source, so that a message arriving both ways is stored once. */
  kinds: readonly Source['kind'][];
}

/**
 * The source named in a push URL, proven by one of its receiver secrets (see `requestSecret` for where the
 * secret may be). Only hashes are stored. An unknown source and a wrong secret answer alike (401), so that the
 * answer does not tell which source ids exist, and count against the client's limit of failed authentications
 * (429 past it); a disabled source answers 403 and nothing is stored.
 */
export async function authenticatePushSource(
  storage: Storage,
  request: FastifyRequest,
  sourceId: number,
  target: PushTarget,
): Promise<PushSender> {
  const secret = requestSecret(request);
  if (!secret) {
    throw new ReceiverError(
      401,
      'UNAUTHORIZED',
      'a secret is required: add ?secret= to the URL, or send it as X-Trackway-Secret',
    );
  }
  const proven = await verifyLimited(request, async () => {
    const found = await storage.findReceiverSecret(hashSecret(secret));
    const source = found?.sourceId === sourceId ? await storage.getSource(sourceId) : null;
    if (!found || !source || source.vendor !== target.vendor || !target.kinds.includes(source.kind)) {
      return null;
    }
    return { found, source };
  });
  if (!proven) throw new ReceiverError(401, 'UNAUTHORIZED', 'unknown source or wrong secret');
  return { ...(await usable(storage, proven.source)), boundTo: proven.found.externalId };
}

/**
 * Finds the source of a push request from the secret the app sent (Basic password or a token parameter), for
 * protocols whose URL names no source (OsmAnd, OwnTracks). A per-device secret is valid only for the identity it
 * is bound to. Without a secret, the request is taken only by a source of this vendor that allows
 * unauthenticated senders (`settings.allowUnauthenticated`), the way Traccar takes any known device id;
 * otherwise it is refused with 401 and nothing is stored. A secret refused counts against the client's limit of
 * failed authentications (429 past it).
 */
export async function authenticateSender(
  storage: Storage,
  request: FastifyRequest,
  vendor: string,
  secret: string | null,
  externalId: string,
): Promise<ReceiverSource> {
  const refuse = (message: string, sources?: Source[]) =>
    refuseSender(storage, vendor, externalId, message, sources);
  if (secret) {
    await checkFailedAuth(request);
    const found = await storage.findReceiverSecret(hashSecret(secret));
    const source = found && (await storage.getSource(found.sourceId));
    if (!found || !source || source.vendor !== vendor) {
      await countFailedAuth(request);
      return refuse(`the secret is unknown or revoked for the ${vendor} receiver`);
    }
    if (found.externalId !== null && found.externalId !== externalId) {
      await countFailedAuth(request);
      return refuse(`this secret is bound to another device than "${externalId}"`, [source]);
    }
    return usable(storage, source);
  }
  const open = (await storage.listSources('/')).find(
    (s) => s.vendor === vendor && s.kind === 'push' && s.enabled && s.settings.allowUnauthenticated === true,
  );
  if (!open) return refuse(`send the device secret as the Basic auth password or as the "token" parameter`);
  return usable(storage, open);
}

/** A source's last error is written at most this often for one repeated refusal (a phone retries every few s). */
const REFUSAL_WRITE_MS = 60_000;

/**
 * Phone apps and many trackers ignore a 401 and keep sending, so nothing appears and nobody is told. The refusal
 * is put where an operator looks: the last error of the source concerned and a log line at warn. When the secret
 * names no source, the vendor's only enabled push source is the one concerned; with several, which group the
 * sender meant is unknown, and telling them all would show one group's senders to the others: the log says it.
 * The secret itself is never written.
 */
async function refuseSender(
  storage: Storage,
  vendor: string,
  externalId: string,
  message: string,
  sources?: Source[],
): Promise<never> {
  const pushSources = sources
    ? []
    : (await storage.listSources('/')).filter((s) => s.vendor === vendor && s.kind === 'push' && s.enabled);
  const concerned = sources ?? (pushSources.length === 1 ? pushSources : []);
  const lastError = `401 for device "${externalId}": ${message}`;
  const now = Date.now();
  for (const s of concerned) {
    if (s.lastError === lastError && s.lastErrorAt != null && now - s.lastErrorAt < REFUSAL_WRITE_MS)
      continue;
    await storage.updateSource(s.id, { lastError, lastErrorAt: now });
  }
  throw new ReceiverError(401, 'UNAUTHORIZED', message, { vendor, externalId });
}

async function usable(storage: Storage, source: Source): Promise<ReceiverSource> {
  if (!source.enabled) {
    throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} (${source.name}) is disabled`);
  }
  const group = await storage.getGroup(source.groupId);
  if (!group) throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} has no group`);
  return { source, group };
}
