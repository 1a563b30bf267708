import { decodeCursor, encodeCursor, isNumber } from '../cursor.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { SyncPage, SyncQuery, SyncRecord, SyncStore } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';

type Placed = SyncRecord & { place: number };

/**
 * Records after the cursor in commit order: a record's place is its id, or, for a position merged since, its
 * latest revision (position_revisions). Ids come from one counter taken inside each write transaction, and
 * SQLite has one writer at a time, so id order is commit order and every id at or below the counter read in this
 * snapshot is already visible: the cursor can move to the counter when a page comes back short.
 */
export function sqliteSync(db: SqliteDatabase): SyncStore {
  return { sync: async (query) => syncPage(db, query) };
}

function syncPage(db: SqliteDatabase, query: SyncQuery): SyncPage {
  const after = query.after ? decodeCursor(query.after, isNumber) : 0;
  /** Rows of one kind after the cursor, or none when the query leaves that kind out. */
  const rowsOf = (kind: SyncRecord['kind'], sql: string, ...params: unknown[]) =>
    !query.kinds || query.kinds.includes(kind) ? db.all(sql, ...params) : [];
  const read = db.transaction((): SyncPage => {
    const counter = Number(db.value('SELECT value FROM sync_counter WHERE id = 1'));
    const scope = (alias: string) => `JOIN devices d ON d.id = ${alias}.device_id
      JOIN groups g ON g.id = d.group_id WHERE g.path LIKE ? || '%'`;
    // A position with a revision is read at its revision's place (merged, see position_revisions), not its id.
    const positions = rowsOf(
      'position',
      `SELECT p.*, p.id AS place FROM positions p ${scope('p')} AND p.id > ?
         AND NOT EXISTS (SELECT 1 FROM position_revisions r WHERE r.position_id = p.id)
       ORDER BY p.id LIMIT ?`,
      query.scope,
      after,
      query.limit,
    );
    const revised = rowsOf(
      'position',
      `SELECT p.*, r.seq AS place FROM position_revisions r JOIN positions p ON p.id = r.position_id
       ${scope('p')} AND r.seq > ? ORDER BY r.seq LIMIT ?`,
      query.scope,
      after,
      query.limit,
    );
    const messages = rowsOf(
      'message',
      `SELECT m.*, m.id AS place FROM messages m ${scope('m')} AND m.id > ? ORDER BY m.id LIMIT ?`,
      query.scope,
      after,
      query.limit,
    );
    const events = rowsOf(
      'event',
      `SELECT e.*, e.id AS place FROM events e JOIN groups g ON g.id = e.group_id
       WHERE e.id > ? AND g.path LIKE ? || '%' ORDER BY e.id LIMIT ?`,
      after,
      query.scope,
      query.limit,
    );
    const placed: Placed[] = [
      ...[...positions, ...revised].map((r): Placed => ({
        place: Number(r.place),
        kind: 'position',
        record: POSITIONS.fromRow(r),
      })),
      ...messages.map((r): Placed => ({
        place: Number(r.place),
        kind: 'message',
        record: MESSAGES.fromRow(r),
      })),
      ...events.map((r): Placed => ({ place: Number(r.place), kind: 'event', record: EVENTS.fromRow(r) })),
    ]
      .sort((a, b) => a.place - b.place)
      .slice(0, query.limit);
    const records = placed.map(({ kind, record }) => ({ kind, record }) as SyncRecord);
    const full = records.length === query.limit;
    const next = full ? placed[placed.length - 1]!.place : counter;
    return { records, next: encodeCursor(Math.max(next, after)) };
  });
  return read();
}
