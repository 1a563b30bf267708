import { hashSecret } from '../auth/secrets.ts';
import type { Group, Source } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import { ReceiverError } from './receiver-error.ts';

/** The source a push request is accepted under: its group and unknown-device policy apply. */
export interface ReceiverSource {
  source: Source;
  group: Group;
}

/**
 * Finds the source of a push request from the secret the app sent (Basic password or a token parameter).
 * A per-device secret is valid only for the identity it is bound to. Without a secret, the request is taken
 * only by a source of this vendor that allows unauthenticated senders (`settings.allowUnauthenticated`), the way
 * Traccar takes any known device id; otherwise it is refused with 401 and nothing is stored.
 */
export async function authenticateSender(
  storage: Storage,
  vendor: string,
  secret: string | null,
  externalId: string,
): Promise<ReceiverSource> {
  if (secret) {
    const found = await storage.findReceiverSecret(hashSecret(secret));
    const source = found && (await storage.getSource(found.sourceId));
    if (!found || !source || source.vendor !== vendor) {
      throw new ReceiverError(
        401,
        'UNAUTHORIZED',
        `the secret is unknown or revoked for the ${vendor} receiver`,
      );
    }
    if (found.externalId !== null && found.externalId !== externalId) {
      throw new ReceiverError(
        401,
        'UNAUTHORIZED',
        `this secret is bound to another device than "${externalId}"`,
      );
    }
    return usable(storage, source);
  }
  const open = (await storage.listSources('/')).find(
    (s) => s.vendor === vendor && s.kind === 'push' && s.enabled && s.settings.allowUnauthenticated === true,
  );
  if (!open) {
    throw new ReceiverError(
      401,
      'UNAUTHORIZED',
      `send the device secret as the Basic auth password or as the "token" parameter`,
    );
  }
  return usable(storage, open);
}

async function usable(storage: Storage, source: Source): Promise<ReceiverSource> {
  if (!source.enabled) {
    throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} (${source.name}) is disabled`);
  }
  const group = await storage.getGroup(source.groupId);
  if (!group) throw new ReceiverError(403, 'SOURCE_DISABLED', `source ${source.id} has no group`);
  return { source, group };
}

/** The password of `Authorization: Basic …`, and its user name; null when the header is absent or not Basic. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
