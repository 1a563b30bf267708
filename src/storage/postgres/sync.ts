import type { Sql, TransactionSql } from 'postgres';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { Row } from '../rows/columns.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { SyncPage, SyncQuery, SyncRecord, SyncStore } from '../storage.ts';
import { syncHorizon } from './sync-horizon.ts';

/*
 * The sync cursor under concurrent writers. In PostgreSQL a sequence value is taken when a row is written, not
 * when its transaction commits: a transaction holding id 5 may commit after one holding id 9, so a follower that
 * had read past 9 would miss 5 for ever. Instead every record carries `commit_xid`, the id of the transaction that
 * wrote it, and the cursor is a position in (commit_xid, id) order. A read returns only rows below a horizon, the
 * oldest transaction that may still add records (see sync-horizon.ts); below it the set of rows can no longer
 * change. The follower sees rows in (xid, id) order, each exactly once; a long-running writer only delays it.
 * A per-row xid (rather than a commit log table) costs 8 bytes and one index per table, and needs no extra write
 * or lock on the hot path: concurrent commits stay independent.
 */

type Cursor = [xid: number, id: number];
type Keyed = SyncRecord & { key: Cursor };

const before = (a: Cursor, b: Cursor) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export function postgresSync(sql: Sql): SyncStore {
  return { sync: (query) => syncPage(sql, query) };
}

async function syncPage(sql: Sql, query: SyncQuery): Promise<SyncPage> {
  const after: Cursor = query.after ? decodeCursor(query.after, isNumberPair) : [0, 0];
  // One snapshot for the horizon and every read, so a row below the horizon is visible if it was committed.
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const horizon = await syncHorizon(tx);
    const scoped = (table: 'positions' | 'messages') => tx`
      SELECT r.*, r.commit_xid::text AS sync_xid FROM ${tx(table)} r
      JOIN devices d ON d.id = r.device_id JOIN groups g ON g.id = d.group_id
      WHERE (r.commit_xid, r.id) > (${String(after[0])}::xid8, ${after[1]}) AND r.commit_xid < ${horizon}::xid8
        AND g.path LIKE ${query.scope}::text || '%'
      ORDER BY r.commit_xid, r.id LIMIT ${query.limit}`;
    const wanted = (kind: SyncRecord['kind']) => !query.kinds || query.kinds.includes(kind);
    const [positions, messages, events] = await Promise.all([
      wanted('position') ? scoped('positions') : [],
      wanted('message') ? scoped('messages') : [],
      !wanted('event')
        ? []
        : tx`SELECT e.*, e.commit_xid::text AS sync_xid FROM events e JOIN groups g ON g.id = e.group_id
        WHERE (e.commit_xid, e.id) > (${String(after[0])}::xid8, ${after[1]}) AND e.commit_xid < ${horizon}::xid8
          AND g.path LIKE ${query.scope}::text || '%'
        ORDER BY e.commit_xid, e.id LIMIT ${query.limit}`,
    ]);
    const key = (r: Row): Cursor => [Number(r.sync_xid), Number(r.id)];
    const keyed: Keyed[] = [
      ...positions.map((r): Keyed => ({ kind: 'position', record: POSITIONS.fromRow(r), key: key(r) })),
      ...messages.map((r): Keyed => ({ kind: 'message', record: MESSAGES.fromRow(r), key: key(r) })),
      ...events.map((r): Keyed => ({ kind: 'event', record: EVENTS.fromRow(r), key: key(r) })),
    ]
      .sort((a, b) => (before(a.key, b.key) ? -1 : before(b.key, a.key) ? 1 : 0))
      .slice(0, query.limit);
    const records = keyed.map(({ kind, record }) => ({ kind, record }) as SyncRecord);
    const last = keyed[keyed.length - 1];
    if (keyed.length === query.limit && last) return { records, next: encodeCursor(last.key) };
    // A short page has every row of this scope below the horizon: skip past other scopes' rows too, so the next
    // read starts from the newest record below the horizon rather than rescanning them.
    const newest = await newestBelow(tx, horizon);
    const next = newest && before(after, newest) ? newest : after;
    return { records, next: encodeCursor(next) };
  });
}

async function newestBelow(tx: TransactionSql, horizon: string): Promise<Cursor | null> {
  const rows = await tx`
    (SELECT commit_xid::text AS xid, id FROM positions WHERE commit_xid < ${horizon}::xid8
      ORDER BY commit_xid DESC, id DESC LIMIT 1)
    UNION ALL (SELECT commit_xid::text, id FROM messages WHERE commit_xid < ${horizon}::xid8
      ORDER BY commit_xid DESC, id DESC LIMIT 1)
    UNION ALL (SELECT commit_xid::text, id FROM events WHERE commit_xid < ${horizon}::xid8
      ORDER BY commit_xid DESC, id DESC LIMIT 1)`;
  return rows
    .map((r): Cursor => [Number(r.xid), Number(r.id)])
    .reduce<Cursor | null>((max, k) => (max && !before(max, k) ? max : k), null);
}

/** The cursor past every record committed so far: a follower that starts here sees only what comes next. */
export async function syncHead(sql: Sql): Promise<string> {
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const newest = await newestBelow(tx, await syncHorizon(tx));
    return encodeCursor(newest ?? [0, 0]);
  });
}
