import { decodeCursor, encodeCursor, isNumber } from '../cursor.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { SyncPage, SyncQuery, SyncRecord, SyncStore } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';

/**
 * Records after the cursor in commit order. Ids come from one counter taken inside each write transaction, and
 * SQLite has one writer at a time, so id order is commit order and every id at or below the counter read in this
 * snapshot is already visible: the cursor can move to the counter when a page comes back short.
 */
export function sqliteSync(db: SqliteDatabase): SyncStore {
  return { sync: async (query) => syncPage(db, query) };
}

function syncPage(db: SqliteDatabase, query: SyncQuery): SyncPage {
  const after = query.after ? decodeCursor(query.after, isNumber) : 0;
  const read = db.transaction((): SyncPage => {
    const counter = Number(db.value('SELECT value FROM sync_counter WHERE id = 1'));
    const scoped = (table: string, alias: string) =>
      db.all(
        `SELECT ${alias}.* FROM ${table} ${alias} JOIN devices d ON d.id = ${alias}.device_id
         JOIN groups g ON g.id = d.group_id
         WHERE ${alias}.id > ? AND g.path LIKE ? || '%' ORDER BY ${alias}.id LIMIT ?`,
        after,
        query.scope,
        query.limit,
      );
    const events = db.all(
      `SELECT e.* FROM events e JOIN groups g ON g.id = e.group_id
       WHERE e.id > ? AND g.path LIKE ? || '%' ORDER BY e.id LIMIT ?`,
      after,
      query.scope,
      query.limit,
    );
    const records: SyncRecord[] = [
      ...scoped('positions', 'p').map((r): SyncRecord => ({
        kind: 'position',
        record: POSITIONS.fromRow(r),
      })),
      ...scoped('messages', 'm').map((r): SyncRecord => ({ kind: 'message', record: MESSAGES.fromRow(r) })),
      ...events.map((r): SyncRecord => ({ kind: 'event', record: EVENTS.fromRow(r) })),
    ]
      .sort((a, b) => a.record.id - b.record.id)
      .slice(0, query.limit);
    const full = records.length === query.limit;
    const next = full ? records[records.length - 1]!.record.id : counter;
    return { records, next: encodeCursor(Math.max(next, after)) };
  });
  return read();
}
