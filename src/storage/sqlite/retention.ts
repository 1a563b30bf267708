import type { RetentionStorage } from '../retention.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteRetention(db: SqliteDatabase): RetentionStorage {
  return {
    /** One short write transaction per call, so ingest waits at most one small batch for the file's write lock. */
    async purgeBefore(groupId, before, limit) {
      return db
        .transaction(() => {
          const positions = db.run(
            `DELETE FROM positions WHERE id IN (
              SELECT p.id FROM devices d JOIN positions p ON p.device_id = d.id
              WHERE d.group_id = ? AND p.fix_time < ? AND p.id IS NOT d.latest_position_id
              LIMIT ?)`,
            groupId,
            before,
            limit,
          ).changes;
          const messages = db.run(
            `DELETE FROM messages WHERE id IN (
              SELECT m.id FROM devices d JOIN messages m ON m.device_id = d.id
              WHERE d.group_id = ? AND m.device_time < ?
                AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)
              LIMIT ?)`,
            groupId,
            before,
            limit,
          ).changes;
          return { positions, messages };
        })
        .immediate();
    },
    // A SQLite file has no partitions: retention deletes rows in batches.
    async maintainPartitions() {
      return [];
    },
    async dropPartitionsBefore() {
      return [];
    },
  };
}
