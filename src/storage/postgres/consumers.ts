import { syncHead } from './sync.ts';
import type { ConsumerStorage } from '../consumers.ts';
import type { Sql } from 'postgres';

// The database's clock, as for source leases: one clock for every process, whatever their hosts' clocks say.
const DB_NOW = 'floor(extract(epoch from clock_timestamp()) * 1000)::bigint';

export function postgresConsumerLeases(sql: Sql): ConsumerStorage {
  const store: ConsumerStorage = {
    syncHead: () => syncHead(sql),
    async consumerCursor(name: string) {
      const [r] = await sql`SELECT cursor FROM consumers WHERE name = ${name}`;
      return r?.cursor == null ? null : String(r.cursor);
    },
    /** One conditional upsert: of two racing processes the second re-checks the row the first wrote. */
    async takeConsumerLease(name: string, owner: string, ttlMs: number) {
      const now = sql.unsafe(DB_NOW);
      const rows = await sql`INSERT INTO consumers (name, lease_owner, lease_until, updated_at)
    VALUES (${name}, ${owner}, ${now} + ${ttlMs}::bigint, ${now})
    ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
    WHERE consumers.lease_owner IS NULL OR consumers.lease_owner = ${owner} OR consumers.lease_until < ${now}`;
      return rows.count > 0;
    },
    async releaseConsumerLease(name: string, owner: string) {
      await sql`UPDATE consumers SET lease_owner = NULL, lease_until = NULL
    WHERE name = ${name} AND lease_owner = ${owner}`;
    },
    async saveConsumerCursor(name: string, owner: string, cursor: string) {
      const rows = await sql`UPDATE consumers SET cursor = ${cursor}, updated_at = ${sql.unsafe(DB_NOW)}
    WHERE name = ${name} AND lease_owner = ${owner}`;
      return rows.count > 0;
    },
  };
  return store;
}
