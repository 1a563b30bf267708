import { payloadHash } from '../storage/payload-hash.ts';
import { pending, type Stage } from './batch.ts';

/**
 * Duplicates inside one batch, by the identity rules of DESIGN.md §3 (storage finds those already stored):
 * a sender that repeats a record in one request gets it counted as a duplicate, not stored twice.
 */
export const dedupe: Stage = {
  name: 'dedupe',
  run(batch) {
    const seen = new Set<string>();
    for (const item of pending(batch)) {
      const r = item.resolved!;
      const keys: string[] = [];
      if (r.position) keys.push(`p|${r.deviceId}|${r.position.fixTime}|${r.position.lat}|${r.position.lon}`);
      if (r.message) {
        const m = r.message;
        keys.push(
          m.sourceMessageId != null
            ? `m|${r.deviceId}|id|${m.sourceMessageId}`
            : `m|${r.deviceId}|${m.deviceTime}|${payloadHash(m)}`,
        );
      }
      for (const e of r.events ?? []) keys.push(`e|${r.deviceId}|${e.type}|${e.time}|${e.key ?? ''}`);
      if (keys.length && keys.every((k) => seen.has(k))) {
        item.outcome = { index: item.index, status: 'duplicate', deviceId: r.deviceId };
      }
      for (const k of keys) seen.add(k);
    }
  },
};
