import type { StoredEvent } from '../../../model/records.ts';

/** The hub's silence watcher raises it when a device outlives its threshold: the type's keepAlive here. */
export const SILENT_EVENT = 'device-silent';
/** …and this one with the device's next message. */
export const BACK_EVENT = 'device-back';

/** "2013-10-08 15:36:21", the document's format of the time in the status message (UTC here). */
export function backendTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The document's ERROR status message for a silence event. */
export function silenceMessage(e: StoredEvent, keepAliveMinutes: number): string {
  const lastSeen = typeof e.attributes.lastSeen === 'string' ? Date.parse(e.attributes.lastSeen) : NaN;
  const since = Number.isFinite(lastSeen) ? lastSeen : e.time - keepAliveMinutes * 60_000;
  return `No message received since ${backendTime(since)}`;
}
