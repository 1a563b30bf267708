import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { StorageOptions } from '../extension.ts';
import { PostgresStorage } from './postgres-storage.ts';

/** The server the tests use: `TRACKWAY_TEST_PG_URL`, else the local one CI starts. */
export const TEST_URL = process.env.TRACKWAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Fails unless the test server answers. Tests must say loudly that they could not run, not pass without a
 * database; CI starts the server before the tests.
 */
export async function requireServer(): Promise<void> {
  const sql = postgres(TEST_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${withoutPassword(TEST_URL)} (${(e as Error).message}). ` +
        'Start the server (CI must start it first) or point TRACKWAY_TEST_PG_URL at one.',
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function withoutPassword(url: string) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** A name no other test run uses, so tests can run at once against one server. */
export const freshSchema = () => `trackway_test_${randomBytes(6).toString('hex')}`;

/** A migrated storage in a fresh schema; `cleanup` closes it and drops the schema. */
export async function openFresh(schema = freshSchema(), options: StorageOptions = {}) {
  const storage = new PostgresStorage(TEST_URL, { ...options, schema, max: 4 });
  await storage.migrate();
  return {
    storage,
    cleanup: async () => {
      await storage.sql`DROP SCHEMA ${storage.sql(schema)} CASCADE`;
      await storage.close();
    },
  };
}
