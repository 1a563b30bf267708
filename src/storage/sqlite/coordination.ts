import type { CoordinationStorage } from '../coordination.ts';
import type { SqliteDatabase } from './database.ts';

/*
 * SQLite serialises writers, so each conditional statement below is atomic also when several processes open the
 * same file. Lease times use this host's clock: every process of one SQLite file runs on the same machine.
 */

export function sqliteCoordination(db: SqliteDatabase): CoordinationStorage {
  return {
    async takeSourceLease(id, owner, ttlMs) {
      const now = Date.now();
      const { changes } = db.run(
        `UPDATE sources SET lease_owner = ?, lease_until = ?
         WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
        owner,
        now + ttlMs,
        id,
        owner,
        now,
      );
      return changes > 0;
    },
    async releaseSourceLease(id, owner) {
      db.run(
        'UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
        id,
        owner,
      );
    },
    async sourceLeaseOwner(id) {
      const owner = db.value(
        'SELECT lease_owner FROM sources WHERE id = ? AND lease_until >= ?',
        id,
        Date.now(),
      );
      return owner == null ? null : String(owner);
    },
    async claimRateSlot(key, spacingMs, now) {
      const claimed = db.get(
        `INSERT INTO rate_stamps (key, last_request_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at
         WHERE rate_stamps.last_request_at <= ?
         RETURNING key`,
        key,
        now,
        now - spacingMs,
      );
      if (claimed) return 0;
      const last = db.value('SELECT last_request_at FROM rate_stamps WHERE key = ?', key);
      return Math.max(1, Number(last) + spacingMs - now);
    },
  };
}
