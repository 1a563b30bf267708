import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { printRecord } from './output.ts';
import { cliConfig, storageCommand, type StorageFlags } from './storage-options.ts';
import { UsageError } from './exit.ts';

/** The most pages better-sqlite3 copies in one step: all of them. */
const ALL_PAGES = 0x7fffffff;

export function backupCommand() {
  return storageCommand('backup')
    .description(
      'Write a consistent copy of the SQLite database to a file while the hub runs (for PostgreSQL use ' +
        'pg_dump: docs/operations.md)',
    )
    .argument('<file>', 'the backup file to write; it must not exist')
    .option('--json', 'print {"file", "bytes"} as JSON')
    .action(async (file: string, o: { json?: boolean } & StorageFlags) => {
      const config = cliConfig(o);
      if (config.databaseUrl) {
        throw new UsageError(
          'trackway backup copies a SQLite database; back up PostgreSQL with pg_dump (docs/operations.md, Backups)',
        );
      }
      if (!existsSync(config.databaseFile)) {
        throw new Error(`no database at ${config.databaseFile}: check --data-dir (or TRACKWAY_DATA_DIR)`);
      }
      if (existsSync(file)) throw new Error(`${file} exists already: give a new file name`);
      const { default: Database } = await import('better-sqlite3');
      const source = new Database(config.databaseFile, { readonly: true, fileMustExist: true });
      // Written beside the target and renamed at the end, so that a file at that name is always a whole backup.
      const partial = join(dirname(file), `.${basename(file)}.partial`);
      try {
        // SQLite's online backup API: a step copies pages under a read transaction, which never blocks the hub's
        // writers (WAL). A commit between steps restarts the copy, so every page is copied in one step: one
        // consistent snapshot that a busy hub cannot keep overtaking.
        await source.backup(partial, { progress: () => ALL_PAGES });
        renameSync(partial, file);
      } catch (err) {
        rmSync(partial, { force: true });
        throw err;
      } finally {
        source.close();
      }
      const bytes = statSync(file).size;
      printRecord(
        { file, bytes },
        o.json,
        `backup of ${config.databaseFile} written to ${file} (${bytes} bytes)`,
      );
    });
}
