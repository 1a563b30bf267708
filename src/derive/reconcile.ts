import { isDeepStrictEqual } from 'node:util';
import type { EventFields, EventType, StoredEvent } from '../model/records.ts';
import { retractionOf } from '../model/retraction.ts';

/** Derived events a replay recomputes: of these types, at or after `from` (null: any time). */
export interface EventWindow {
  types: readonly EventType[];
  from: number | null;
}

export const inWindow = (e: Pick<EventFields, 'type' | 'time'>, windows: EventWindow[]) =>
  windows.some((w) => w.types.includes(e.type) && (w.from == null || e.time >= w.from));

const identity = (e: Pick<EventFields, 'type' | 'time' | 'key'>) => `${e.type}|${e.time}|${e.key ?? ''}`;

// Attributes as stored: JSON drops undefined values, and PostgreSQL's jsonb reorders keys.
const stored = (a: Record<string, unknown> | undefined): unknown => JSON.parse(JSON.stringify(a ?? {}));

/**
 * What a replay commits, given the events stored in its windows and the events it derived: an event derived
 * again unchanged is left alone (same row, same id, nothing committed); a stored event no longer derived is
 * retracted; one derived again with the same identity but other attributes is retracted and committed anew, so
 * that consumers hold the corrected attributes. Retractions come first, so the re-emitted event finds its
 * identity free within the same commit. Events outside the windows, stored or derived, are not compared: derived
 * ones pass as they are (the commit dedupes them).
 */
export function reconcile(
  existing: StoredEvent[],
  derived: EventFields[],
  windows: EventWindow[],
): EventFields[] {
  const byIdentity = new Map(existing.filter((e) => inWindow(e, windows)).map((e) => [identity(e), e]));
  const retractions: EventFields[] = [];
  const emit: EventFields[] = [];
  for (const e of derived) {
    if (!inWindow(e, windows)) {
      emit.push(e);
      continue;
    }
    const match = byIdentity.get(identity(e));
    byIdentity.delete(identity(e));
    if (match && isDeepStrictEqual(stored(match.attributes), stored(e.attributes))) continue;
    if (match) retractions.push(retractionOf(match));
    emit.push(e);
  }
  for (const gone of byIdentity.values()) retractions.push(retractionOf(gone));
  return [...retractions.sort((a, b) => a.time - b.time), ...emit];
}
