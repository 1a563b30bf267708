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

/** Rows of message keys removed per statement before a messages partition is dropped. */
const KEY_BATCH = 5_000;

/**
 * Drops whole monthly partitions that end before `before`: far cheaper than deleting their rows one by one, and it
 * leaves nothing to vacuum. A partition holding a device's latest position (or the message it links to) is kept;
 * row-by-row retention trims it instead. The drop waits at most a moment for its lock, so ingest is never queued
 * behind it; a partition that cannot be had now is dropped by a later pass.
 */
export async function dropPartitionsBefore(sql: Sql, before: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const { table } of TABLES) {
    const parts = await sql`SELECT c.relname AS name,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''?(\\d+)''?\\)'))[1]::bigint AS upper
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = ${table}::regclass`;
    for (const part of parts) {
      if (part.upper == null || Number(part.upper) > before) continue;
      const name = String(part.name);
      const holdsLatest =
        table === 'positions'
          ? await sql`SELECT 1 FROM devices d JOIN ${sql(name)} p ON p.id = d.latest_position_id
              AND p.fix_time = d.latest_fix_time LIMIT 1`
          : await sql`SELECT 1 FROM devices d JOIN positions p ON p.id = d.latest_position_id
              AND p.fix_time = d.latest_fix_time JOIN ${sql(name)} m ON m.id = p.message_id LIMIT 1`;
      if (holdsLatest.length) continue;
      if (table === 'messages') await dropSourceKeys(sql, name);
      const done = await sql
        .begin(async (tx) => {
          await tx`SET LOCAL lock_timeout = '2s'`;
          await tx`ALTER TABLE ${tx(table)} DETACH PARTITION ${tx(name)}`;
          await tx`DROP TABLE ${tx(name)}`;
          return true;
        })
        .catch((err: { code?: string }) => {
          // 55P03: lock_not_available. Busy now; a later pass drops it.
          if (err.code === '55P03') return false;
          throw err;
        });
      if (done) dropped.push(name);
    }
  }
  return dropped;
}

/** The vendor-id keys of a messages partition's rows, deleted in batches before the partition goes. */
async function dropSourceKeys(sql: Sql, partition: string) {
  for (;;) {
    const gone =
      await sql`DELETE FROM message_source_keys k WHERE (k.device_id, k.source_key, k.source_message_id)
      IN (SELECT m.device_id, coalesce(m.source_id, 0), m.source_message_id FROM ${sql(partition)} m
        JOIN message_source_keys k2 ON k2.device_id = m.device_id AND k2.source_key = coalesce(m.source_id, 0)
          AND k2.source_message_id = m.source_message_id
        WHERE m.source_message_id IS NOT NULL LIMIT ${KEY_BATCH})`;
    if (gone.count < KEY_BATCH) return;
  }
}
