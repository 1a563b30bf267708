import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { composedClass } from '../compose.ts';
import { withStorageErrors } from '../errors.ts';
import { extensionLookup, type StorageExtension, type StorageOptions } from '../extension.ts';
import { loadMigrations } from '../migrations.ts';
import type { CommitSignal } from '../lifecycle.ts';
import type { Storage } from '../storage.ts';
import { PostgresUserStore } from './users.ts';
import { postgresCallbacks } from './callbacks.ts';
import { postgresCommit } from './commit.ts';
import { parseDatabaseUrl } from './connection-url.ts';
import { postgresConsumerLeases } from './consumers.ts';
import { postgresCoordination } from './coordination.ts';
import { postgresCredentials } from './credentials.ts';
import { postgresDeliveries } from './deliveries.ts';
import { postgresDerived } from './derived.ts';
import { postgresDevices } from './devices.ts';
import { postgresDeviceTypes } from './device-types.ts';
import { postgresStorageError } from './errors.ts';
import { postgresGroups } from './groups.ts';
import { postgresHistory } from './history.ts';
import { postgresTimeline } from './timeline.ts';
import { postgresPositionWindows } from './position-windows.ts';
import { coreMigrationSet, migrate } from './migrate.ts';
import { postgresPlaces } from './places.ts';
import { postgresReceiverSecrets } from './receiver-secrets.ts';
import { postgresRetention } from './retention.ts';
import { postgresSources } from './sources.ts';
import { postgresSync } from './sync.ts';
import { commitSignal } from './commit-signal.ts';

export interface PostgresOptions extends StorageOptions {
  /** The schema holding every table (created by `migrate()`); default the URL's (./connection-url.ts), else public. */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** Shared storage on PostgreSQL: several Trackway processes may use one database at once. */
export interface PostgresStorage extends Storage {
  readonly kind: 'postgres';
  readonly sql: Sql;
  readonly schema: string;
  readonly commitSignal: CommitSignal;
}

function openPostgres(databaseUrl: string, options: PostgresOptions = {}): PostgresStorage {
  const { url, schema: urlSchema } = parseDatabaseUrl(databaseUrl);
  const schema = options.schema ?? urlSchema ?? 'public';
  const max = options.max ?? 10;
  // Unique per pool, so that the server's pg_stat_activity tells this process's connections from others'.
  const applicationName = `trackway-${randomBytes(4).toString('hex')}`;
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connection: { search_path: schema, application_name: applicationName },
  });
  const extensions = options.extensions ?? [];
  const stores = new Map<StorageExtension<object>, object>(
    extensions.map((ext) => [ext, withStorageErrors(ext.postgres.store(sql), postgresStorageError)]),
  );
  const domain = <T extends object>(store: T) => withStorageErrors(store, postgresStorageError);
  return {
    kind: 'postgres',
    sql,
    schema,
    commitSignal: commitSignal(sql, schema),
    pool: {
      max,
      async connections() {
        const rows = await sql<{ state: string; n: number }[]>`SELECT coalesce(state, 'unknown') AS state,
          count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${applicationName} GROUP BY 1`;
        return Object.fromEntries(rows.map((r) => [r.state, r.n]));
      },
    },
    extension: extensionLookup(stores),
    users: domain(new PostgresUserStore(sql)),
    async migrate() {
      const sets = [
        coreMigrationSet(),
        ...extensions.map((ext) => ({
          owner: ext.owner,
          migrations: loadMigrations(ext.postgres.migrations),
        })),
      ];
      return { applied: await migrate(sql, schema, sets) };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
    ...domain(postgresGroups(sql)),
    ...domain(postgresCredentials(sql)),
    ...domain(postgresDeviceTypes(sql)),
    ...domain(postgresDevices(sql)),
    ...domain(postgresCommit(sql)),
    ...domain(postgresHistory(sql)),
    ...domain(postgresTimeline(sql)),
    ...domain(postgresPositionWindows(sql)),
    ...domain(postgresSync(sql)),
    ...domain(postgresSources(sql)),
    ...domain(postgresDerived(sql)),
    ...domain(postgresPlaces(sql)),
    ...domain(postgresReceiverSecrets(sql)),
    ...domain(postgresCoordination(sql)),
    ...domain(postgresConsumerLeases(sql)),
    ...domain(postgresDeliveries(sql)),
    ...domain(postgresCallbacks(sql)),
    ...domain(postgresRetention(sql)),
  };
}

/** `new PostgresStorage(url, { schema, max, extensions })`: the storage composed of the PostgreSQL domain stores. */
export const PostgresStorage = composedClass(openPostgres);
