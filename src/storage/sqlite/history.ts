import { RETRACTED } from '../../model/retraction.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { Row } from '../rows/columns.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { HistoryStore, Page, TimeRangeQuery } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';

/** Pages through one device's rows of `table` by `(timeColumn, id)`, in either direction. */
function timeRangePage<T>(
  db: SqliteDatabase,
  table: 'positions' | 'messages',
  timeColumn: 'fix_time' | 'device_time',
  query: TimeRangeQuery,
  map: (r: Row) => T & { id: number },
  timeOf: (item: T) => number,
): Page<T> {
  const desc = query.order === 'desc';
  const where = ['device_id = ?'];
  const params: unknown[] = [query.deviceId];
  if (query.from != null) {
    where.push(`${timeColumn} >= ?`);
    params.push(query.from);
  }
  if (query.to != null) {
    where.push(`${timeColumn} < ?`);
    params.push(query.to);
  }
  if (query.cursor) {
    const [time, id] = decodeCursor(query.cursor, isNumberPair);
    where.push(`(${timeColumn}, id) ${desc ? '<' : '>'} (?, ?)`);
    params.push(time, id);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const rows = db.all(
    `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${timeColumn} ${dir}, id ${dir} LIMIT ?`,
    ...params,
    query.limit + 1,
  );
  const items = rows.map(map);
  const more = items.length > query.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([timeOf(last), last.id]) : null };
}

export function sqliteHistory(db: SqliteDatabase): HistoryStore {
  return {
    async listPositions(query) {
      return timeRangePage(db, 'positions', 'fix_time', query, POSITIONS.fromRow, (p) => p.fixTime);
    },
    async listMessages(query) {
      return timeRangePage(db, 'messages', 'device_time', query, MESSAGES.fromRow, (m) => m.deviceTime);
    },
    async listEvents(query) {
      const where = [`g.path LIKE ? || '%'`];
      const params: unknown[] = [query.scope];
      if (query.deviceId != null) {
        where.push('e.device_id = ?');
        params.push(query.deviceId);
      }
      if (query.groupId != null) {
        where.push('e.group_id = ?');
        params.push(query.groupId);
      }
      if (query.types?.length) {
        where.push('e.type IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(query.types));
      } else {
        where.push(`e.type <> '${RETRACTED}'`);
      }
      if (query.from != null) {
        where.push('e.event_time >= ?');
        params.push(query.from);
      }
      if (query.to != null) {
        where.push('e.event_time < ?');
        params.push(query.to);
      }
      if (query.cursor) {
        const [time, id] = decodeCursor(query.cursor, isNumberPair);
        where.push('(e.event_time, e.id) > (?, ?)');
        params.push(time, id);
      }
      const rows = db.all(
        `SELECT e.* FROM events e JOIN groups g ON g.id = e.group_id WHERE ${where.join(' AND ')}
         ORDER BY e.event_time, e.id LIMIT ?`,
        ...params,
        query.limit + 1,
      );
      const items = rows.map(EVENTS.fromRow);
      const more = items.length > query.limit;
      if (more) items.pop();
      const last = items[items.length - 1];
      return { items, next: more && last ? encodeCursor([last.time, last.id]) : null };
    },
  };
}
