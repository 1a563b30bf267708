import type { HubContext } from '../../../api/context.ts';
import type { ReceiverSource } from '../../../ingest/push/source-auth.ts';
import { OWNTRACKS_VENDOR } from './parse-message.ts';

/**
 * The source the MQTT messages go to, or why it takes none now: `disabled` (by the API, for a while) or not
 * usable at all (deleted, not an owntracks push source, without a group).
 */
export type SourceNow =
  { ok: true; receiver: ReceiverSource } | { ok: false; disabled: boolean; reason: string };

/**
 * Reads the configured source as it is now. Read for every message (two lookups by key), so that a change made
 * through the API (enabling, disabling, a group moved in the tree) applies to the next message.
 */
export async function mqttSourceNow(hub: HubContext, sourceId: number): Promise<SourceNow> {
  const source = await hub.storage.getSource(sourceId);
  if (!source || source.vendor !== OWNTRACKS_VENDOR || source.kind !== 'push') {
    return {
      ok: false,
      disabled: false,
      reason: `source ${sourceId} is not an owntracks push source (deleted?)`,
    };
  }
  if (!source.enabled)
    return { ok: false, disabled: true, reason: `source ${sourceId} (${source.name}) is disabled` };
  const group = await hub.storage.getGroup(source.groupId);
  if (!group) return { ok: false, disabled: false, reason: `source ${sourceId} has no group` };
  return { ok: true, receiver: { source, group } };
}
