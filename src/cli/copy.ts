import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { environmentWithFile } from '../config/config-file.ts';
import { redactUrl } from '../lib/redact.ts';
import type { CopyProgress } from '../storage/copy/copy.ts';
import { UsageError } from './exit.ts';

export function copyCommand() {
  return new Command('copy')
    .description(
      'Copy a whole embedded (SQLite) install into PostgreSQL, ids preserved; stop the hub first. ' +
        'Run it again to resume after an interruption.',
    )
    .requiredOption('--from <file>', 'the SQLite file (data directory/trackway.db)')
    .option('--to <url>', 'PostgreSQL URL, optionally with ?schema=name (env DATABASE_URL)')
    .option('--config <file>', 'settings file whose DATABASE_URL is the target when --to is not given')
    .action(async (options: { from: string; to?: string; config?: string }) => {
      const url = options.to ?? environmentWithFile(options.config).DATABASE_URL;
      if (!url) throw new UsageError('say where to copy to: --to postgres://… or DATABASE_URL');
      if (!existsSync(options.from)) throw new Error(`no SQLite file at ${options.from}`);
      // Loaded on use, so that the other commands and --help start without the database drivers.
      const [
        { default: Database },
        { SingleBar },
        { copyInstall },
        { PostgresStorage },
        { vendors },
        vendor,
      ] = await Promise.all([
        import('better-sqlite3'),
        import('cli-progress'),
        import('../storage/copy/copy.ts'),
        import('../storage/postgres/postgres-storage.ts'),
        import('../vendors/index.ts'),
        import('../vendors/vendor.ts'),
      ]);
      const db = new Database(options.from, { readonly: true, fileMustExist: true });
      const target = new PostgresStorage(url, { max: 2, extensions: vendor.storageExtensionsOf(vendors) });
      const bar = new SingleBar({
        format: 'copying {table} [{bar}] {percentage}% | {value}/{total} rows',
        barsize: 30,
        barCompleteChar: '#',
        barIncompleteChar: '-',
        etaBuffer: 50,
        // Also when the output goes to a log rather than a terminal: a line every few seconds.
        noTTYOutput: true,
        notTTYSchedule: 5_000,
      });
      let done = 0;
      const progress: CopyProgress = {
        start: (tables) =>
          bar.start(
            tables.reduce((n, t) => n + t.rows, 0),
            0,
            { table: '' },
          ),
        advance: (table, rows) => bar.update((done += rows), { table }),
      };
      try {
        await target.migrate().catch((err: Error) => {
          throw new Error(`cannot use the PostgreSQL database ${redactUrl(url)}: ${err.message}`, {
            cause: err,
          });
        });
        const { counts, skipped } = await copyInstall(db, target, progress);
        bar.stop();
        const width = Math.max(...counts.map((c) => c.table.length), 5);
        console.log(`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgres'.padStart(10)}`);
        for (const c of counts) {
          const mark = c.source === c.target ? '' : '  MISMATCH';
          console.log(
            `${c.table.padEnd(width)}  ${String(c.source).padStart(10)}  ${String(c.target).padStart(10)}${mark}`,
          );
        }
        if (skipped.length) console.log(`not in the PostgreSQL schema, skipped: ${skipped.join(', ')}`);
        const wrong = counts.filter((c) => c.source !== c.target);
        if (wrong.length) {
          throw new Error(
            `counts differ for ${wrong.map((c) => c.table).join(', ')}: was the target used by another install, ` +
              'or the hub still writing to the SQLite file?',
          );
        }
        console.log('copy complete: every table has the same number of rows in both databases');
      } finally {
        bar.stop();
        db.close();
        await target.close();
      }
    });
}
