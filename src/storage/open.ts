import type { Config } from '../config/config.ts';
import { PostgresStorage } from './postgres/postgres-storage.ts';
import { SqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

/** Opens the configured storage (PostgreSQL when a URL is set) and, unless told not to, brings its schema up to date. */
export async function openStorage(
  config: Pick<Config, 'databaseFile' | 'databaseUrl'>,
  options: { migrate?: boolean } = {},
): Promise<Storage> {
  const storage = config.databaseUrl
    ? new PostgresStorage(config.databaseUrl)
    : new SqliteStorage(config.databaseFile);
  if (options.migrate !== false) await storage.migrate();
  return storage;
}
