import type Database from 'better-sqlite3';
import type { PostgresStorage } from '../postgres/postgres-storage.ts';
import { holdSyncWriterLock } from '../postgres/sync-horizon.ts';
import { planCopy, quote, type TablePlan } from './plan.ts';

const BATCH = 5_000;
/** Tables whose writers must announce themselves to the sync horizon (see postgres/sync-horizon.ts). */
const RECORD_TABLES = new Set(['positions', 'messages', 'events']);

export interface CopyProgress {
  start(tables: TablePlan[]): void;
  /** `rows` more rows of `table` are in PostgreSQL (copied now, or found there from an earlier run). */
  advance(table: string, rows: number): void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

/**
 * Copies a whole embedded install into PostgreSQL with its ids. Each batch commits on its own and tables go in
 * id order, so an interrupted copy resumes after the largest id already there; rows already present are left
 * alone (ON CONFLICT DO NOTHING), which also makes the id-less tables safe to copy again. The id sequences are
 * then set past the copied ids, so new rows never collide with them.
 */
export async function copyInstall(
  db: Database.Database,
  target: PostgresStorage,
  progress: CopyProgress,
): Promise<{ counts: TableCount[]; skipped: string[] }> {
  const sql = target.sql;
  const { tables, skipped } = await planCopy(db, sql);
  progress.start(tables);
  for (const table of tables) await copyTable(db, target, table, progress);
  await advanceSequences(target);
  // PostgreSQL-only tables derived from the copied rows.
  await sql`INSERT INTO message_source_keys (device_id, source_key, source_message_id, message_id, device_time)
    SELECT device_id, coalesce(source_id, 0), source_message_id, id, device_time FROM messages
    WHERE source_message_id IS NOT NULL
    ON CONFLICT DO NOTHING`;
  // Copied history lands in the default partition; this gives each month its own.
  await target.maintainPartitions(Date.now());
  const counts: TableCount[] = [];
  for (const t of tables) {
    const [r] = await sql`SELECT count(*) AS n FROM ${sql(t.name)}`;
    counts.push({ table: t.name, source: t.rows, target: Number(r!.n) });
  }
  return { counts, skipped };
}

async function copyTable(
  db: Database.Database,
  target: PostgresStorage,
  table: TablePlan,
  progress: CopyProgress,
) {
  const sql = target.sql;
  const names = table.columns.map((c) => quote(c.name)).join(', ');
  let after = -Infinity;
  if (table.keyed) {
    const [r] = await sql`SELECT max(id) AS id FROM ${sql(table.name)}`;
    if (r!.id != null) {
      after = Number(r!.id);
      const done = Number(
        db
          .prepare(`SELECT count(*) FROM ${quote(table.name)} WHERE id <= ?`)
          .pluck()
          .get(after),
      );
      progress.advance(table.name, done);
    }
  }
  const read = table.keyed
    ? db.prepare(`SELECT ${names} FROM ${quote(table.name)} WHERE id > ? ORDER BY id LIMIT ${BATCH}`)
    : db.prepare(`SELECT ${names} FROM ${quote(table.name)} ORDER BY rowid LIMIT ${BATCH} OFFSET ?`);
  // Bounded: every pass moves past at least one row, or ends.
  for (let offset = 0; ; offset += BATCH) {
    const rows = read.all(table.keyed ? after : offset) as Record<string, unknown>[];
    if (!rows.length) return;
    await sql.begin(async (tx) => {
      if (RECORD_TABLES.has(table.name)) await holdSyncWriterLock(tx);
      // json_populate_recordset converts each JSON value to its column's type in PostgreSQL.
      await tx.unsafe(
        `INSERT INTO ${quote(table.name)} (${names})
         SELECT ${names} FROM json_populate_recordset(null::${quote(table.name)}, $1::json)
         ON CONFLICT DO NOTHING`,
        [rows.map((r) => toPostgres(r, table)) as never],
      );
    });
    progress.advance(table.name, rows.length);
    if (table.keyed) after = Number(rows[rows.length - 1]!.id);
    if (rows.length < BATCH) return;
  }
}

/** SQLite keeps booleans as 0/1 and JSON as text; PostgreSQL has types for both. */
function toPostgres(row: Record<string, unknown>, table: TablePlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, pgType } of table.columns) {
    const v = row[name];
    if (v == null) out[name] = null;
    else if (pgType === 'boolean') out[name] = Number(v) !== 0;
    else if (pgType === 'jsonb' || pgType === 'json') out[name] = typeof v === 'string' ? JSON.parse(v) : v;
    else if (pgType === 'bytea' && Buffer.isBuffer(v)) out[name] = `\\x${v.toString('hex')}`;
    else out[name] = v;
  }
  return out;
}

/** Every sequence a column draws from, moved past the largest value copied into any of its columns. */
async function advanceSequences(target: PostgresStorage) {
  const sql = target.sql;
  const columns = await sql`SELECT table_name, column_name,
      coalesce(pg_get_serial_sequence(quote_ident(table_name), column_name),
        substring(column_default from 'nextval\\(''([^'']+)''')) AS seq
    FROM information_schema.columns
    WHERE table_schema = current_schema()
      AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`;
  const bySequence = new Map<string, { table: string; column: string }[]>();
  for (const c of columns) {
    const seq = String(c.seq);
    bySequence.set(seq, [
      ...(bySequence.get(seq) ?? []),
      { table: String(c.table_name), column: String(c.column_name) },
    ]);
  }
  for (const [seq, users] of bySequence) {
    const maxes = users
      .map((u) => `SELECT max(${quote(u.column)}) AS m FROM ${quote(u.table)}`)
      .join(' UNION ALL ');
    const [r] = await sql.unsafe(`SELECT max(m) AS m FROM (${maxes}) x`);
    if (r!.m != null) await sql`SELECT setval(${seq}::regclass, ${Number(r!.m)})`;
  }
}
