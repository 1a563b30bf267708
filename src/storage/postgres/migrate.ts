import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { loadMigrations } from '../sqlite/database.ts';
import { vendorMigrations } from '../vendor-migrations.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant of our own: the first half of the two-key advisory lock; the second is the schema's hash.
const MIGRATE_LOCK = 0x7472_6b77;

/**
 * Applies pending migrations (same names as SQLite's) in one transaction. Several processes may start at once:
 * an advisory lock per schema makes the second wait, then find everything applied.
 */
export async function migrate(sql: Sql, schema: string): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK}, hashtext(${schema}))`;
    await tx`CREATE SCHEMA IF NOT EXISTS ${tx(schema)}`;
    await tx`CREATE TABLE IF NOT EXISTS ${tx(schema)}.schema_migrations (
      name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`;
    const done = new Set(
      (await tx`SELECT name FROM ${tx(schema)}.schema_migrations`).map((r) => String(r.name)),
    );
    const applied: string[] = [];
    for (const m of [...loadMigrations(MIGRATIONS_DIR), ...vendorMigrations('postgres')]) {
      if (done.has(m.name)) continue;
      await tx.unsafe(m.sql);
      await tx`INSERT INTO ${tx(schema)}.schema_migrations (name, applied_at) VALUES (${m.name}, ${Date.now()})`;
      applied.push(m.name);
    }
    return applied;
  });
}
