import type { Config } from '../config/config.ts';
import { SqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

/** Opens the configured storage and, unless told not to, brings its schema up to date. */
export async function openStorage(
  config: Pick<Config, 'databaseFile' | 'databaseUrl'>,
  options: { migrate?: boolean } = {},
): Promise<Storage> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but this build has no PostgreSQL storage yet');
  }
  const storage = new SqliteStorage(config.databaseFile);
  if (options.migrate !== false) await storage.migrate();
  return storage;
}
