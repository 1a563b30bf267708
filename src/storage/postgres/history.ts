import type { Sql } from 'postgres';
import { RETRACTED } from '../../model/retraction.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import type { Row } from '../rows/columns.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { EventQuery, HistoryStore, Page, TimeRangeQuery } from '../storage.ts';

/** Pages through one device's rows of `table` by `(timeColumn, id)`, in either direction. */
async function timeRangePage<T extends { id: number }>(
  sql: Sql,
  table: 'positions' | 'messages',
  timeColumn: 'fix_time' | 'device_time',
  query: TimeRangeQuery,
  map: (r: Row) => T,
  timeOf: (item: T) => number,
): Promise<Page<T>> {
  const desc = query.order === 'desc';
  const t = sql(timeColumn);
  const after = query.cursor ? decodeCursor(query.cursor, isNumberPair) : null;
  const rows = await sql`SELECT * FROM ${sql(table)} WHERE device_id = ${query.deviceId}
    ${query.from != null ? sql`AND ${t} >= ${query.from}` : sql``}
    ${query.to != null ? sql`AND ${t} < ${query.to}` : sql``}
    ${after ? (desc ? sql`AND (${t}, id) < (${after[0]}, ${after[1]})` : sql`AND (${t}, id) > (${after[0]}, ${after[1]})`) : sql``}
    ORDER BY ${desc ? sql`${t} DESC, id DESC` : sql`${t}, id`} LIMIT ${query.limit + 1}`;
  const items = rows.map((r) => map(r));
  const more = items.length > query.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([timeOf(last), last.id]) : null };
}

export function postgresHistory(sql: Sql): HistoryStore {
  return {
    listPositions: (query) =>
      timeRangePage(sql, 'positions', 'fix_time', query, POSITIONS.fromRow, (p) => p.fixTime),
    listMessages: (query) =>
      timeRangePage(sql, 'messages', 'device_time', query, MESSAGES.fromRow, (m) => m.deviceTime),
    listEvents: (query) => listEvents(sql, query),
  };
}

async function listEvents(sql: Sql, query: EventQuery) {
  const after = query.cursor ? decodeCursor(query.cursor, isNumberPair) : null;
  const rows = await sql`SELECT e.* FROM events e JOIN groups g ON g.id = e.group_id
    WHERE g.path LIKE ${query.scope}::text || '%'
    ${query.deviceId != null ? sql`AND e.device_id = ${query.deviceId}` : sql``}
    ${query.groupId != null ? sql`AND e.group_id = ${query.groupId}` : sql``}
    ${query.types?.length ? sql`AND e.type = ANY(${query.types}::text[])` : sql`AND e.type <> ${RETRACTED}`}
    ${query.from != null ? sql`AND e.event_time >= ${query.from}` : sql``}
    ${query.to != null ? sql`AND e.event_time < ${query.to}` : sql``}
    ${after ? sql`AND (e.event_time, e.id) > (${after[0]}, ${after[1]})` : sql``}
    ORDER BY e.event_time, e.id LIMIT ${query.limit + 1}`;
  const items = rows.map(EVENTS.fromRow);
  const more = items.length > query.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([last.time, last.id]) : null };
}
