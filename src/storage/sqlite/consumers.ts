import type { ConsumerStorage } from '../consumers.ts';
import { encodeCursor } from '../cursor.ts';
import type { SqliteDatabase } from './database.ts';

// Lease times use this host's clock, as source leases do: every process of one SQLite file is on this machine.
// Leases and cursors are written without waiting for the disk: one lost to a power cut only makes the consumer
// handle its last pages again, which consumers must allow anyway (see recomputable in database.ts).

export function sqliteConsumers(db: SqliteDatabase): ConsumerStorage {
  return {
    async syncHead() {
      return encodeCursor(Number(db.value('SELECT value FROM sync_counter WHERE id = 1')));
    },
    async consumerCursor(name) {
      const cursor = db.value('SELECT cursor FROM consumers WHERE name = ?', name);
      return cursor == null ? null : String(cursor);
    },
    async takeConsumerLease(name, owner, ttlMs) {
      const now = Date.now();
      const { changes } = db.recomputable(() =>
        db.run(
          `INSERT INTO consumers (name, lease_owner, lease_until, updated_at) VALUES (@name, @owner, @until, @now)
         ON CONFLICT (name) DO UPDATE SET lease_owner = @owner, lease_until = @until
         WHERE consumers.lease_owner IS NULL OR consumers.lease_owner = @owner OR consumers.lease_until < @now`,
          { name, owner, until: now + ttlMs, now },
        ),
      );
      return changes > 0;
    },
    async releaseConsumerLease(name, owner) {
      db.recomputable(() =>
        db.run(
          'UPDATE consumers SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?',
          name,
          owner,
        ),
      );
    },
    async saveConsumerCursor(name, owner, cursor) {
      const { changes } = db.recomputable(() =>
        db.run(
          'UPDATE consumers SET cursor = ?, updated_at = ? WHERE name = ? AND lease_owner = ?',
          cursor,
          Date.now(),
          name,
          owner,
        ),
      );
      return changes > 0;
    },
  };
}
