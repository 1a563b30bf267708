import type Database from 'better-sqlite3';
import type { PositionWindow, PositionWindowQuery } from '../position-windows.ts';
import { positionFromRow, type Row } from './rows.ts';

/** Prepared once per database: the count and the page, by fix time or by received time. */
export function preparePositionWindows(db: Database.Database) {
  const statements = (column: 'fix_time' | 'received_time') => ({
    count: db
      .prepare(`SELECT count(*) FROM positions WHERE device_id = ? AND ${column} >= ? AND ${column} < ?`)
      .pluck(),
    page: db.prepare(`SELECT * FROM positions WHERE device_id = ? AND ${column} >= ? AND ${column} < ?
      ORDER BY fix_time, id LIMIT ? OFFSET ?`),
  });
  return { fix: statements('fix_time'), received: statements('received_time') };
}

export function listPositionWindow(
  db: Database.Database,
  s: ReturnType<typeof preparePositionWindows>,
  q: PositionWindowQuery,
): PositionWindow {
  const { count, page } = s[q.by];
  // One snapshot, so that the total and the rows agree while writers commit.
  return db.transaction(() => ({
    total: Number(count.get(q.deviceId, q.from, q.to)),
    items: (page.all(q.deviceId, q.from, q.to, q.limit, q.offset) as Row[]).map((r) => positionFromRow(r)),
  }))();
}
