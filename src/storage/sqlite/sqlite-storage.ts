import type Database from 'better-sqlite3';
import { composedClass } from '../compose.ts';
import { withStorageErrors } from '../errors.ts';
import { extensionLookup, type StorageExtension, type StorageOptions } from '../extension.ts';
import { loadMigrations } from '../migrations.ts';
import type { Storage } from '../storage.ts';
import { SqliteUserStore } from './users.ts';
import { sqliteCallbacks } from './callbacks.ts';
import { sqliteCommit } from './commit.ts';
import { sqliteConsumers } from './consumers.ts';
import { sqliteCoordination } from './coordination.ts';
import { sqliteCredentials } from './credentials.ts';
import { coreSqliteMigrations, migrate, SqliteDatabase } from './database.ts';
import { sqliteDeliveries } from './deliveries.ts';
import { sqliteDerived } from './derived.ts';
import { sqliteDevices } from './devices.ts';
import { sqliteDeviceTypes } from './device-types.ts';
import { sqliteStorageError } from './errors.ts';
import { sqliteGroups } from './groups.ts';
import { sqliteHistory } from './history.ts';
import { sqliteTimeline } from './timeline.ts';
import { sqlitePositionWindows } from './position-windows.ts';
import { sqliteSync } from './sync.ts';
import { sqlitePlaces } from './places.ts';
import { sqliteReceiverSecrets } from './receiver-secrets.ts';
import { sqliteRetention } from './retention.ts';
import { sqliteSources } from './sources.ts';

/** Embedded storage: one SQLite file in WAL mode. All calls are synchronous underneath; writers are serialised. */
export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
}

function openSqlite(file: string, options: StorageOptions = {}): SqliteStorage {
  const db = new SqliteDatabase(file);
  const extensions = options.extensions ?? [];
  const stores = new Map<StorageExtension<object>, object>(
    extensions.map((ext) => [ext, withStorageErrors(ext.sqlite.store(db), sqliteStorageError)]),
  );
  const domain = <T extends object>(store: T) => withStorageErrors(store, sqliteStorageError);
  return {
    kind: 'sqlite',
    db: db.raw,
    commitSignal: null,
    pool: null,
    extension: extensionLookup(stores),
    users: domain(new SqliteUserStore(db.raw)),
    async migrate() {
      const sets = [
        coreSqliteMigrations(),
        ...extensions.map((ext) => ({ owner: ext.owner, migrations: loadMigrations(ext.sqlite.migrations) })),
      ];
      return { applied: migrate(db.raw, sets) };
    },
    async close() {
      db.close();
    },
    ...domain(sqliteGroups(db)),
    ...domain(sqliteCredentials(db)),
    ...domain(sqliteDeviceTypes(db)),
    ...domain(sqliteDevices(db)),
    ...domain(sqliteCommit(db)),
    ...domain(sqliteHistory(db)),
    ...domain(sqliteTimeline(db)),
    ...domain(sqlitePositionWindows(db)),
    ...domain(sqliteSync(db)),
    ...domain(sqliteSources(db)),
    ...domain(sqliteDerived(db)),
    ...domain(sqlitePlaces(db)),
    ...domain(sqliteReceiverSecrets(db)),
    ...domain(sqliteCoordination(db)),
    ...domain(sqliteConsumers(db)),
    ...domain(sqliteDeliveries(db)),
    ...domain(sqliteCallbacks(db)),
    ...domain(sqliteRetention(db)),
  };
}

/** `new SqliteStorage(file, { extensions })`: the storage composed of the SQLite domain stores. */
export const SqliteStorage = composedClass(openSqlite);
