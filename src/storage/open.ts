import type { Config } from '../config/config.ts';
import { redactUrl } from '../lib/redact.ts';
import { PostgresStorage } from './postgres/postgres-storage.ts';
import { SqliteStorage } from './sqlite/sqlite-storage.ts';
import type { StorageOptions } from './extension.ts';
import type { Storage } from './storage.ts';

/**
 * Opens the configured storage (PostgreSQL when a URL is set), with the extensions given (vendors' own tables),
 * and, unless told not to, brings its schema up to date.
 */
export async function openStorage(
  config: Pick<Config, 'databaseFile' | 'databaseUrl'>,
  options: StorageOptions & { migrate?: boolean } = {},
): Promise<Storage> {
  const { migrate, ...opened } = options;
  if (!config.databaseUrl) {
    const storage = new SqliteStorage(config.databaseFile, opened);
    if (migrate !== false) await storage.migrate();
    return storage;
  }
  const storage = new PostgresStorage(config.databaseUrl, opened);
  try {
    // The first contact: a server that cannot be reached, or refuses us, is named here, as the operator set it.
    if (migrate !== false) await storage.migrate();
    else await storage.sql`SELECT 1`;
  } catch (err) {
    await storage.close().catch(() => {});
    throw new Error(
      `cannot use the PostgreSQL database of DATABASE_URL (${redactUrl(config.databaseUrl)}): ${describe(err)}`,
      { cause: err },
    );
  }
  return storage;
}

/** The driver's reason, with the address for a refused or failed connection. */
function describe(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: { message?: string }[] };
  // A host with several addresses (localhost: ::1 and 127.0.0.1) fails with one error for each.
  const message = e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(err);
  return message;
}
