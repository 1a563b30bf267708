import { it } from 'vitest';
import type { ResolvedRecord } from '../../model/ingest.ts';
import type { Group, MessageFields, PositionFields } from '../../model/records.ts';
import type { CommitBatch, CommitResult, Page, Storage, SyncRecord } from '../storage.ts';

/** Opens a fresh, migrated storage; `cleanup` closes it and removes whatever it created. */
export type OpenStorage = () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;

/** An `it` whose body gets its own fresh storage, closed afterwards even when the test fails. */
export function storageIt(open: OpenStorage) {
  return (name: string, body: (storage: Storage) => Promise<void>) =>
    it(name, async () => {
      const { storage, cleanup } = await open();
      try {
        await body(storage);
      } finally {
        await cleanup();
      }
    });
}

/** A fixed epoch so that times read as offsets in the tests. */
export const T0 = Date.UTC(2026, 0, 1);

/**
 * root ─┬─ fleet ── vans
 *       └─ other
 * `fleet` is the usual scope: `vans` is its child, `other` its sibling, `root` its parent.
 */
export async function groupTree(s: Storage): Promise<Record<'root' | 'fleet' | 'vans' | 'other', Group>> {
  const root = await s.createGroup({ parentId: null, name: 'root' });
  const fleet = await s.createGroup({ parentId: root.id, name: 'fleet' });
  const vans = await s.createGroup({ parentId: fleet.id, name: 'vans' });
  const other = await s.createGroup({ parentId: root.id, name: 'other' });
  return { root, fleet, vans, other };
}

/** A group tree with one device in `fleet`, one in `vans` and one in `other`. */
export async function fleetWithDevices(s: Storage) {
  const groups = await groupTree(s);
  const truck = await s.createDevice({ groupId: groups.fleet.id, name: 'truck' });
  const van = await s.createDevice({ groupId: groups.vans.id, name: 'van' });
  const stranger = await s.createDevice({ groupId: groups.other.id, name: 'stranger' });
  return { groups, truck, van, stranger };
}

export function position(fixTime: number, lat = 52.5, lon = 13.4, extra: Partial<PositionFields> = {}) {
  return { fixTime: T0 + fixTime, lat, lon, ...extra } satisfies PositionFields;
}

export function message(deviceTime: number, extra: Partial<MessageFields> = {}) {
  return { deviceTime: T0 + deviceTime, payload: `payload-${deviceTime}`, ...extra } satisfies MessageFields;
}

export function commit(
  s: Storage,
  records: ResolvedRecord[],
  extra: Partial<Omit<CommitBatch, 'records'>> = {},
): Promise<CommitResult> {
  return s.commit({ records, sourceId: null, receivedTime: T0 + 1_000_000, ...extra });
}

/** Follows `next` until it is null, failing rather than looping forever on a cursor that never ends. */
export async function allPages<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page: Page<T> = await fetch(cursor);
    pages.push(page.items);
    if (page.next == null) return pages;
    cursor = page.next;
  }
  throw new Error('paging did not end after 1000 pages');
}

/** Identity of a synced record, unique across kinds whatever ids an implementation uses. */
export const syncKey = (r: SyncRecord) => `${r.kind}:${r.record.id}`;

/** Keys of everything a commit stored, in the form `syncKey` gives. */
export function committedKeys(result: CommitResult): string[] {
  return result.records.flatMap((r) =>
    r.status === 'duplicate'
      ? []
      : r.status === 'merged'
        ? [`position:${r.position.id}`]
        : [
            ...(r.message ? [`message:${r.message.id}`] : []),
            ...(r.position ? [`position:${r.position.id}`] : []),
            ...r.events.map((e) => `event:${e.id}`),
          ],
  );
}
