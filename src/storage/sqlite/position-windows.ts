import type { PositionWindowQuery, PositionWindowStorage } from '../position-windows.ts';
import { POSITIONS } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

const COLUMN = { fix: 'fix_time', received: 'received_time' } as const;

export function sqlitePositionWindows(db: SqliteDatabase): PositionWindowStorage {
  return {
    async listPositionWindow(q: PositionWindowQuery) {
      const t = COLUMN[q.by];
      const where = `device_id = ? AND ${t} >= ? AND ${t} < ?`;
      // One snapshot, so that the total and the rows agree while writers commit.
      return db.transaction(() => ({
        total: Number(db.value(`SELECT count(*) FROM positions WHERE ${where}`, q.deviceId, q.from, q.to)),
        items: db
          .all(
            `SELECT * FROM positions WHERE ${where} ORDER BY fix_time, id LIMIT ? OFFSET ?`,
            q.deviceId,
            q.from,
            q.to,
            q.limit,
            q.offset,
          )
          .map((r) => POSITIONS.fromRow(r)),
      }))();
    },
  };
}
