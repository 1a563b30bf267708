import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageExtension } from '../../../storage/extension.ts';
import type { Storage } from '../../../storage/storage.ts';
import type { FeedStore } from './feeds.ts';
import { postgresFeeds } from './postgres-feeds.ts';
import { sqliteFeeds } from './sqlite-feeds.ts';

export const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** SPOT's own tables (published feeds) and their store, for either database. */
export const spotStorage: StorageExtension<FeedStore> = {
  owner: 'spot',
  sqlite: { migrations: join(MIGRATIONS, 'sqlite'), store: sqliteFeeds },
  postgres: { migrations: join(MIGRATIONS, 'postgres'), store: postgresFeeds },
};

/** The feed store of a storage opened with `spotStorage`. */
export const spotFeeds = (storage: Pick<Storage, 'extension'>): FeedStore => storage.extension(spotStorage);
