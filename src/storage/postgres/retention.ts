import type { Sql } from 'postgres';
import type { RetentionStorage } from '../retention.ts';
import { dropPartitionsBefore, maintainPartitions } from './partitions.ts';

export function postgresRetention(sql: Sql): RetentionStorage {
  const store: RetentionStorage = {
    /*
     * Batched deletes, each its own short transaction: they lock only the old rows they remove, which ingest does not
     * touch, and the time condition prunes the scan to the old partitions. A message's vendor-id key goes with it, so
     * that the same message arriving again later is stored again rather than taken for a duplicate of nothing.
     */
    async purgeBefore(groupId: number, before: number, limit: number) {
      const [positions] = await sql`WITH doomed AS (
      SELECT p.id, p.fix_time FROM devices d JOIN positions p ON p.device_id = d.id
      WHERE d.group_id = ${groupId} AND p.fix_time < ${before}
        AND p.id IS DISTINCT FROM d.latest_position_id
      LIMIT ${limit}),
    gone AS (DELETE FROM positions p USING doomed WHERE p.id = doomed.id AND p.fix_time = doomed.fix_time
      RETURNING 1)
    SELECT count(*) AS n FROM gone`;
      const [messages] = await sql`WITH doomed AS (
      SELECT m.id, m.device_time FROM devices d JOIN messages m ON m.device_id = d.id
      WHERE d.group_id = ${groupId} AND m.device_time < ${before}
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)
      LIMIT ${limit}),
    gone AS (DELETE FROM messages m USING doomed WHERE m.id = doomed.id AND m.device_time = doomed.device_time
      RETURNING m.device_id, m.source_id, m.source_message_id),
    keys AS (DELETE FROM message_source_keys k USING gone WHERE gone.source_message_id IS NOT NULL
      AND k.device_id = gone.device_id AND k.source_key = coalesce(gone.source_id, 0)
      AND k.source_message_id = gone.source_message_id RETURNING 1)
    SELECT count(*) AS n FROM gone`;
      return { positions: Number(positions!.n), messages: Number(messages!.n) };
    },
    maintainPartitions: (now: number) => maintainPartitions(sql, now),
    dropPartitionsBefore: (before: number) => dropPartitionsBefore(sql, before),
  };
  return store;
}
