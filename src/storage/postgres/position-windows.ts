import type { Sql } from 'postgres';
import type { PositionWindowQuery, PositionWindowStorage } from '../position-windows.ts';
import { POSITIONS } from '../rows/tables.ts';

export function postgresPositionWindows(sql: Sql): PositionWindowStorage {
  return {
    async listPositionWindow(q: PositionWindowQuery) {
      const t = sql(q.by === 'fix' ? 'fix_time' : 'received_time');
      // One snapshot, so that the total and the rows agree while writers commit.
      return sql.begin('isolation level repeatable read read only', async (tx) => {
        const [counted] = await tx`SELECT count(*)::bigint AS n FROM positions
          WHERE device_id = ${q.deviceId} AND ${t} >= ${q.from} AND ${t} < ${q.to}`;
        const rows = await tx`SELECT * FROM positions
          WHERE device_id = ${q.deviceId} AND ${t} >= ${q.from} AND ${t} < ${q.to}
          ORDER BY fix_time, id LIMIT ${q.limit} OFFSET ${q.offset}`;
        return { total: Number(counted!.n), items: rows.map((r) => POSITIONS.fromRow(r)) };
      });
    },
  };
}
