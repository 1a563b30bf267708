import type { Config } from '../config/config.ts';
import { SqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

/** Opens the configured storage and brings its schema up to date. */
export async function openStorage(config: Pick<Config, 'databaseFile' | 'databaseUrl'>): Promise<Storage> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but this build has no PostgreSQL storage yet');
  }
  const storage = new SqliteStorage(config.databaseFile);
  await storage.migrate();
  return storage;
}
