import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, recordedMigrations, type MigrationSet } from '../migrations.ts';
import type { Row } from '../rows/columns.ts';

/** The core's migrations; PostgreSQL has files of the same names. */
export const CORE_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Statements kept prepared per database; past this, the least recently used one is dropped. */
const STATEMENTS_KEPT = 500;

/**
 * One SQLite file in WAL mode, and its statements. Preparing a statement costs more than running a small one
 * (28 % of ingest's self time when done per call, DESIGN.md §5), so each SQL text is prepared once per database
 * and kept. Statements built from a query's optional filters have a few texts each; lists of values go as JSON
 * (`json_each(?)`) so that their length does not make a new text.
 */
export class SqliteDatabase {
  readonly raw: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.raw = openDatabase(file);
  }

  /** The prepared statement of `sql`; `pluck` ones return the first column only. */
  statement(sql: string, pluck = false): Database.Statement {
    const key = pluck ? `pluck\u0000${sql}` : sql;
    let s = this.statements.get(key);
    if (s) {
      // Re-inserted, so that the map's order is least recently used first.
      this.statements.delete(key);
    } else {
      s = this.raw.prepare(sql);
      if (pluck) s.pluck();
      if (this.statements.size >= STATEMENTS_KEPT) {
        this.statements.delete(this.statements.keys().next().value!);
      }
    }
    this.statements.set(key, s);
    return s;
  }

  get(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }
  all(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }
  run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.statement(sql).run(...params);
  }
  /** The first column of the first row, or undefined. */
  value(sql: string, ...params: unknown[]): unknown {
    return this.statement(sql, true).get(...params);
  }
  /** The first column of every row. */
  values(sql: string, ...params: unknown[]): unknown[] {
    return this.statement(sql, true).all(...params);
  }
  transaction<T>(fn: () => T): Database.Transaction<() => T> {
    return this.raw.transaction(fn);
  }

  /**
   * Runs `fn` in an immediate transaction whose commit does not wait for the disk (`synchronous = NORMAL` for
   * that commit only). Only for writes that can be lost and done again: the consumers' leases and cursors, and
   * what derivation computes from committed positions. That is safe because a WAL recovers a prefix of its
   * commits after a power loss, so such a write is only lost with everything after it, and the next commit made
   * with `FULL` (every ingest) syncs it with its own; a process crash loses nothing either way.
   */
  recomputable<T>(fn: () => T): T {
    // Executed, not kept prepared: SQLite applies this pragma when it compiles it, not when it runs.
    this.raw.exec('PRAGMA synchronous = NORMAL');
    try {
      return this.raw.transaction(fn).immediate();
    } finally {
      this.raw.exec('PRAGMA synchronous = FULL');
    }
  }

  close(): void {
    this.statements.clear();
    if (this.raw.open) this.raw.close();
  }
}

/** Opens (creating if needed) a SQLite file in WAL mode with settings for durable, concurrent use. */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') makeDirectory(dirname(file));
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw new Error(
      `cannot open the SQLite database ${file}: ${(err as Error).message} (is its directory writable?)`,
      { cause: err },
    );
  }
  // FULL: a commit is on disk before we acknowledge it, also across a power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  // 64 MiB of page cache keeps the hot index pages of ingest in memory as history grows.
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * Creates a directory and its missing parents, one at a time: Node's recursive mkdir never returns for a path
 * under /proc, and its errors do not say which directory was wanted.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      throw new Error(`${d} is not a directory`);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') {
        throw new Error(`cannot use the data directory ${dir}: ${(err as Error).message}`, { cause: err });
      }
    }
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') continue;
      throw new Error(`cannot create the data directory ${dir}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** Applies pending migrations of the sets, each in its own transaction; returns the names applied. */
export function migrate(db: Database.Database, sets: MigrationSet[]): string[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
  );
  const done = new Set(
    db
      .prepare('SELECT name FROM schema_migrations')
      .pluck()
      .all()
      .map((n) => String(n)),
  );
  const applied: string[] = [];
  for (const m of recordedMigrations(sets)) {
    if (done.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, Date.now());
    }).immediate();
    applied.push(m.name);
  }
  return applied;
}

/** The core's migration set. */
export const coreSqliteMigrations = (): MigrationSet => ({
  owner: null,
  migrations: loadMigrations(CORE_MIGRATIONS),
});
