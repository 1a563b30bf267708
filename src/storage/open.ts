import type { Config } from '../config/config.ts';
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
  const storage = config.databaseUrl
    ? new PostgresStorage(config.databaseUrl, opened)
    : new SqliteStorage(config.databaseFile, opened);
  if (migrate !== false) await storage.migrate();
  return storage;
}
