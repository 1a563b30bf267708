import type { Sql } from 'postgres';

/** Months ahead of the current one that always have their partitions ready. */
const MONTHS_AHEAD = 3;
const TABLES = [
  { table: 'positions', column: 'fix_time' },
  { table: 'messages', column: 'device_time' },
] as const;
// Any constant of our own: the first half of the two-key advisory lock; the second is the schema's hash.
const PARTITION_LOCK = 0x7472_6b70;

const monthStart = (year: number, month: number) => Date.UTC(year, month, 1);
const partitionName = (table: string, start: number) => {
  const d = new Date(start);
  return `${table}_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * Monthly partitions (see migrations/0007_time_partitions.sql): from last month to MONTHS_AHEAD ahead, plus any
 * month with rows in the default partition (history imported late, a device with a wrong clock). Those rows move
 * into their new partition in the same transaction, keeping ids and commit_xid, so sync cursors are unaffected.
 */
export async function maintainPartitions(sql: Sql, now: number): Promise<string[]> {
  const created: string[] = [];
  const today = new Date(now);
  const wanted = Array.from({ length: MONTHS_AHEAD + 2 }, (_, i) =>
    monthStart(today.getUTCFullYear(), today.getUTCMonth() - 1 + i),
  );
  for (const { table, column } of TABLES) {
    const existing = new Set(
      (
        await sql`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = ${table}::regclass`
      ).map((r) => String(r.relname)),
    );
    const waiting = (
      await sql`SELECT DISTINCT (extract(epoch from date_trunc('month', to_timestamp(${sql(column)} / 1000.0)
          AT TIME ZONE 'UTC')) * 1000)::bigint AS start
        FROM ${sql(`${table}_default`)}`
    ).map((r) => Number(r.start));
    for (const start of [...new Set([...wanted, ...waiting])].sort((a, b) => a - b)) {
      const name = partitionName(table, start);
      if (existing.has(name)) continue;
      const d = new Date(start);
      const end = monthStart(d.getUTCFullYear(), d.getUTCMonth() + 1);
      if (await createPartition(sql, table, column, name, start, end)) created.push(name);
    }
  }
  return created;
}

async function createPartition(
  sql: Sql,
  table: string,
  column: string,
  name: string,
  start: number,
  end: number,
) {
  return sql.begin(async (tx) => {
    // Processes starting together would otherwise race to create the same partition.
    await tx`SELECT pg_advisory_xact_lock(${PARTITION_LOCK}, hashtext(current_schema()))`;
    const [found] = await tx`SELECT 1 FROM pg_class WHERE relname = ${name}
      AND relnamespace = current_schema()::regnamespace`;
    if (found) return false;
    await tx`CREATE TABLE ${tx(name)} (LIKE ${tx(table)} INCLUDING DEFAULTS)`;
    await tx`WITH moved AS (DELETE FROM ${tx(`${table}_default`)}
        WHERE ${tx(column)} >= ${start} AND ${tx(column)} < ${end} RETURNING *)
      INSERT INTO ${tx(name)} SELECT * FROM moved`;
    await tx`ALTER TABLE ${tx(table)} ATTACH PARTITION ${tx(name)} FOR VALUES FROM (${tx.unsafe(String(start))})
      TO (${tx.unsafe(String(end))})`;
    return true;
  });
}
