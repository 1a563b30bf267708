import type Database from 'better-sqlite3';
import { encodeCursor } from '../cursor.ts';

// Lease times use this host's clock, as source leases do: every process of one SQLite file is on this machine.

export function syncHead(db: Database.Database) {
  return encodeCursor(Number(db.prepare('SELECT value FROM sync_counter WHERE id = 1').pluck().get()));
}

export function consumerCursor(db: Database.Database, name: string) {
  const cursor = db.prepare('SELECT cursor FROM consumers WHERE name = ?').pluck().get(name);
  return cursor == null ? null : String(cursor);
}

export function takeConsumerLease(db: Database.Database, name: string, owner: string, ttlMs: number) {
  const now = Date.now();
  const { changes } = db
    .prepare(
      `INSERT INTO consumers (name, lease_owner, lease_until, updated_at) VALUES (@name, @owner, @until, @now)
       ON CONFLICT (name) DO UPDATE SET lease_owner = @owner, lease_until = @until
       WHERE consumers.lease_owner IS NULL OR consumers.lease_owner = @owner OR consumers.lease_until < @now`,
    )
    .run({ name, owner, until: now + ttlMs, now });
  return changes > 0;
}

export function releaseConsumerLease(db: Database.Database, name: string, owner: string) {
  db.prepare(
    'UPDATE consumers SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?',
  ).run(name, owner);
}

export function saveConsumerCursor(db: Database.Database, name: string, owner: string, cursor: string) {
  const { changes } = db
    .prepare('UPDATE consumers SET cursor = ?, updated_at = ? WHERE name = ? AND lease_owner = ?')
    .run(cursor, Date.now(), name, owner);
  return changes > 0;
}
