import type { Sql } from 'postgres';
import type { SqliteDatabase } from './sqlite/database.ts';

/**
 * A store beyond the core's, with its own tables (DESIGN.md §2: a vendor folder may own some): paired migrations
 * for each database, recorded under the owner's name (see `MigrationSet`), and a store made once per opened
 * storage over that database's handle. Code that owns it reaches its store by `storage.extension(ext)`.
 */
export interface StorageExtension<T extends object> {
  /** Names the owner of the tables, e.g. a vendor; its migrations are recorded as `owner/name`. */
  readonly owner: string;
  readonly sqlite: { readonly migrations: string; store(db: SqliteDatabase): T };
  readonly postgres: { readonly migrations: string; store(sql: Sql): T };
}

/** What a storage may be opened with besides its core. */
export interface StorageOptions {
  extensions?: readonly StorageExtension<object>[];
}

/** The `extension` method of a storage: each extension's store, made once when the storage was opened. */
export function extensionLookup(stores: Map<StorageExtension<object>, object>) {
  return <T extends object>(ext: StorageExtension<T>): T => {
    const store = stores.get(ext);
    if (!store) throw new Error(`storage was opened without the tables of ${ext.owner}`);
    // The map holds, for each extension, the store that extension made.
    return store as T;
  };
}
