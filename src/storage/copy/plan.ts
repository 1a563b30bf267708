import type Database from 'better-sqlite3';
import type { Sql } from 'postgres';

/** One table to copy: the columns both databases have, and how to read it in order. */
export interface TablePlan {
  name: string;
  columns: { name: string; pgType: string }[];
  /** Copied in `id` order and resumed after the largest id already copied; else copied whole, idempotently. */
  keyed: boolean;
  rows: number;
}

/** Tables of the embedded install that only make sense there (PostgreSQL orders records otherwise). */
const SQLITE_ONLY = new Set(['schema_migrations', 'sync_counter', 'position_revisions']);

/**
 * Every table of the SQLite file that the PostgreSQL schema also has, parents before children (by foreign key),
 * so that each row's references exist when it arrives. Read from both schemas rather than listed by hand, so a
 * table added by a later migration is copied without touching this code.
 */
export async function planCopy(
  db: Database.Database,
  sql: Sql,
): Promise<{ tables: TablePlan[]; skipped: string[] }> {
  const names = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
  ).filter((n) => !SQLITE_ONLY.has(n));
  const pgColumns = await sql`SELECT table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema = current_schema()`;
  const byTable = new Map<string, Map<string, string>>();
  for (const c of pgColumns) {
    const table = byTable.get(String(c.table_name)) ?? new Map<string, string>();
    table.set(String(c.column_name), String(c.data_type));
    byTable.set(String(c.table_name), table);
  }
  const skipped = names.filter((n) => !byTable.has(n));
  const present = names.filter((n) => byTable.has(n));
  const tables = parentsFirst(db, present).map((name): TablePlan => {
    const pg = byTable.get(name)!;
    const sqliteColumns = (db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    const columns = sqliteColumns.filter((c) => pg.has(c)).map((c) => ({ name: c, pgType: pg.get(c)! }));
    const rows = Number(
      db
        .prepare(`SELECT count(*) FROM ${quote(name)}`)
        .pluck()
        .get(),
    );
    return { name, columns, keyed: sqliteColumns.includes('id'), rows };
  });
  return { tables, skipped };
}

/** A topological order of `names` by their foreign keys (self-references aside: ids order those). */
function parentsFirst(db: Database.Database, names: string[]): string[] {
  const parents = new Map(
    names.map((n) => [
      n,
      new Set(
        (db.prepare(`PRAGMA foreign_key_list(${quote(n)})`).all() as { table: string }[])
          .map((fk) => fk.table)
          .filter((t) => t !== n && names.includes(t)),
      ),
    ]),
  );
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n)) return;
    if (path.has(n)) throw new Error(`foreign keys form a cycle through ${n}`);
    path.add(n);
    for (const p of parents.get(n)!) visit(p, path);
    path.delete(n);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  return ordered;
}

export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
