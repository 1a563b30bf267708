import type { StoredPosition } from '../model/records.ts';
import { CommitFollower, type CommitFollowerOptions } from '../pipeline/commit-follower.ts';
import type { Storage, SyncRecord } from '../storage/storage.ts';
import type { Deriver } from './deriver.ts';

export const DERIVE_CONSUMER = 'derive';

/**
 * Derivation as a consumer of the commit order: positions are derived in the order they were committed, from a
 * cursor saved after each page is derived and its events committed. A crash in between derives the page again on
 * restart; that is safe, since positions older than the stored state replay the device to the same result.
 */
export function derivationFollower(
  storage: Storage,
  deriver: Deriver,
  options: Omit<CommitFollowerOptions, 'storage' | 'name' | 'handle'> = {},
): CommitFollower {
  return new CommitFollower({
    ...options,
    storage,
    name: DERIVE_CONSUMER,
    kinds: ['position'],
    handle: derivePage(deriver),
  });
}

/** Derives the positions of one page of committed records, each device's in fix-time order. */
export function derivePage(deriver: Deriver) {
  return async (records: SyncRecord[]): Promise<void> => {
    const byDevice = new Map<number, StoredPosition[]>();
    for (const r of records) {
      if (r.kind !== 'position') continue;
      const list = byDevice.get(r.record.deviceId) ?? [];
      list.push(r.record);
      byDevice.set(r.record.deviceId, list);
    }
    for (const list of byDevice.values()) list.sort((a, b) => a.fixTime - b.fixTime || a.id - b.id);
    if (byDevice.size) await deriver.derive(byDevice);
  };
}
