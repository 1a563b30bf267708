import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageExtension } from '../../../storage/extension.ts';
import type { Storage } from '../../../storage/storage.ts';
import { PostgresMixStore } from './postgres-store.ts';
import { SqliteMixStore } from './sqlite-store.ts';
import type { MixTripStore } from './store.ts';

const MIGRATIONS = dirname(fileURLToPath(import.meta.url));

/** MiX's own table (imported trips) and its store, for either database. */
export const mixStorage: StorageExtension<MixTripStore> = {
  owner: 'mix',
  sqlite: { migrations: join(MIGRATIONS, 'sqlite'), store: (db) => new SqliteMixStore(db) },
  postgres: { migrations: join(MIGRATIONS, 'postgres'), store: (sql) => new PostgresMixStore(sql) },
};

/** The imported-trips store of a storage opened with `mixStorage`. */
export const mixTripStore = (storage: Pick<Storage, 'extension'>): MixTripStore =>
  storage.extension(mixStorage);
