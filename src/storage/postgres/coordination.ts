import type { CoordinationStorage } from '../coordination.ts';
import type { Sql } from 'postgres';

// Milliseconds since the epoch by the server's clock, the one clock every process sharing the database agrees on.
const DB_NOW = 'floor(extract(epoch from clock_timestamp()) * 1000)::bigint';

/*
 * Both writes below are single conditional statements: when two processes race, the second waits on the row lock,
 * then re-checks its condition against the row the first one wrote, so exactly one of them wins.
 */

export function postgresCoordination(sql: Sql): CoordinationStorage {
  const store: CoordinationStorage = {
    async takeSourceLease(id: number, owner: string, ttlMs: number) {
      const rows = await sql`UPDATE sources
    SET lease_owner = ${owner}, lease_until = ${sql.unsafe(DB_NOW)} + ${ttlMs}::bigint
    WHERE id = ${id}
      AND (lease_owner IS NULL OR lease_owner = ${owner} OR lease_until < ${sql.unsafe(DB_NOW)})`;
      return rows.count > 0;
    },
    async releaseSourceLease(id: number, owner: string) {
      await sql`UPDATE sources SET lease_owner = NULL, lease_until = NULL
    WHERE id = ${id} AND lease_owner = ${owner}`;
    },
    async sourceLeaseOwner(id: number) {
      const [r] = await sql`SELECT lease_owner FROM sources
    WHERE id = ${id} AND lease_until >= ${sql.unsafe(DB_NOW)}`;
      return r ? String(r.lease_owner) : null;
    },
    async claimRateSlot(key: string, spacingMs: number, now: number) {
      const claimed = await sql`INSERT INTO rate_stamps (key, last_request_at) VALUES (${key}, ${now})
    ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at
    WHERE rate_stamps.last_request_at <= ${now - spacingMs}
    RETURNING key`;
      if (claimed.length) return 0;
      const [r] = await sql`SELECT last_request_at FROM rate_stamps WHERE key = ${key}`;
      return Math.max(1, Number(r!.last_request_at) + spacingMs - now);
    },
  };
  return store;
}
