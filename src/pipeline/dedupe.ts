import { mergePosition } from '../model/position-merge.ts';
import type { PositionFields } from '../model/records.ts';
import { payloadHash } from '../storage/payload-hash.ts';
import { pending, type Stage } from './batch.ts';

/**
 * Duplicates inside one batch, by the identity rules of DESIGN.md §3 (storage finds those already stored):
 * a sender that repeats a record in one request gets it counted as a duplicate, not stored twice. A copy of a
 * position that brings fields the first lacks is left to storage, which merges it into the first.
 */
export const dedupe: Stage = {
  name: 'dedupe',
  run(batch) {
    const seen = new Set<string>();
    // The fields of each position identity so far, copies merged.
    const positions = new Map<string, PositionFields>();
    for (const item of pending(batch)) {
      const r = item.resolved!;
      const keys: string[] = [];
      let completes = false;
      if (r.position) {
        const key = `p|${r.deviceId}|${r.position.fixTime}|${r.position.lat}|${r.position.lon}`;
        const first = positions.get(key);
        const merged = first ? mergePosition(first, r.position) : null;
        if (merged) {
          positions.set(key, merged);
          completes = true;
        } else {
          if (!first) positions.set(key, r.position);
          keys.push(key);
        }
      }
      if (r.message) {
        const m = r.message;
        keys.push(
          m.sourceMessageId != null
            ? `m|${r.deviceId}|id|${m.sourceMessageId}`
            : `m|${r.deviceId}|${m.deviceTime}|${payloadHash(m)}`,
        );
      }
      for (const e of r.events ?? []) keys.push(`e|${r.deviceId}|${e.type}|${e.time}|${e.key ?? ''}`);
      if (!completes && keys.length && keys.every((k) => seen.has(k))) {
        item.outcome = { index: item.index, status: 'duplicate', deviceId: r.deviceId };
      }
      for (const k of keys) seen.add(k);
    }
  },
};
