import type Database from 'better-sqlite3';

/*
 * SQLite serialises writers, so each conditional statement below is atomic also when several processes open the
 * same file. Lease times use this host's clock: every process of one SQLite file runs on the same machine.
 */

export function takeSourceLease(db: Database.Database, id: number, owner: string, ttlMs: number) {
  const now = Date.now();
  const { changes } = db
    .prepare(
      `UPDATE sources SET lease_owner = ?, lease_until = ?
       WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
    )
    .run(owner, now + ttlMs, id, owner, now);
  return changes > 0;
}

export function releaseSourceLease(db: Database.Database, id: number, owner: string) {
  db.prepare(
    'UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
  ).run(id, owner);
}

export function sourceLeaseOwner(db: Database.Database, id: number) {
  const owner = db
    .prepare('SELECT lease_owner FROM sources WHERE id = ? AND lease_until >= ?')
    .pluck()
    .get(id, Date.now());
  return owner == null ? null : String(owner);
}

export function claimRateSlot(db: Database.Database, key: string, spacingMs: number, now: number) {
  const claimed = db
    .prepare(
      `INSERT INTO rate_stamps (key, last_request_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at
       WHERE rate_stamps.last_request_at <= ?
       RETURNING key`,
    )
    .get(key, now, now - spacingMs);
  if (claimed) return 0;
  const last = db.prepare('SELECT last_request_at FROM rate_stamps WHERE key = ?').pluck().get(key);
  return Math.max(1, Number(last) + spacingMs - now);
}
