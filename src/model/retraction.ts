import type { EventFields, StoredEvent } from './records.ts';

/**
 * A correction in the commit order: late data made derivation take back an event it had committed. Consumers
 * of the sync API, the live stream and webhooks learn of it in order; the retracted event itself is deleted in
 * the transaction that commits its retraction.
 */
export const RETRACTED = 'event-retracted';

/** The retraction of a stored event: timed and keyed by it, so committing it twice stores it once. */
export function retractionOf(e: StoredEvent): EventFields {
  return {
    type: RETRACTED,
    time: e.time,
    key: String(e.id),
    attributes: { eventId: e.id, type: e.type, time: new Date(e.time).toISOString(), key: e.key },
  };
}

/** The id of the event a retraction takes back, or null when the event is not a well-formed retraction. */
export function retractedId(e: EventFields): number | null {
  if (e.type !== RETRACTED) return null;
  const id = e.attributes?.eventId;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}
