import type Database from 'better-sqlite3';

/** One short write transaction per call, so ingest waits at most one small batch for the file's write lock. */
export function purgeBefore(db: Database.Database, groupId: number, before: number, limit: number) {
  return db
    .transaction(() => {
      const positions = db
        .prepare(
          `DELETE FROM positions WHERE id IN (
          SELECT p.id FROM devices d JOIN positions p ON p.device_id = d.id
          WHERE d.group_id = ? AND p.fix_time < ? AND p.id IS NOT d.latest_position_id
          LIMIT ?)`,
        )
        .run(groupId, before, limit).changes;
      const messages = db
        .prepare(
          `DELETE FROM messages WHERE id IN (
          SELECT m.id FROM devices d JOIN messages m ON m.device_id = d.id
          WHERE d.group_id = ? AND m.device_time < ?
            AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)
          LIMIT ?)`,
        )
        .run(groupId, before, limit).changes;
      return { positions, messages };
    })
    .immediate();
}
