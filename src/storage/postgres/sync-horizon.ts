import type { TransactionSql } from 'postgres';

/*
 * Who may still add records below a point of the sync order. A follower must not move past a transaction that
 * can still commit records there; the snapshot's xmin would be safe, but it counts every writing transaction of
 * the whole server, so one unrelated long transaction (another application, another test) would stall every
 * follower. So writers of records announce themselves: each holds a shared advisory lock on its schema, taken
 * before its first write (before it has an xid), and the horizon is the oldest transaction of the snapshot that is
 * such a writer, or that has ended since the snapshot and so cannot be told apart.
 */

// Any constant of our own: the first half of the two-key advisory lock; the second is the schema's hash.
const WRITER_LOCK = 0x7472_6b78;

/** Marks the transaction as a writer of positions, messages or events. Must precede its first write. */
export async function holdSyncWriterLock(tx: TransactionSql): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock_shared(${WRITER_LOCK}, hashtext(current_schema()))`;
}

/**
 * The first transaction id whose records may not all be visible yet, for the snapshot of `tx` (a repeatable read
 * transaction): every record of an older transaction is committed and visible, or will never be.
 */
export async function syncHorizon(tx: TransactionSql): Promise<string> {
  const [{ snapshot }] = (await tx`SELECT pg_current_snapshot()::text AS snapshot`) as unknown as [
    { snapshot: string },
  ];
  // Read the writers before the transactions' status: a writer that is still running then held its lock now.
  const writers = await tx`SELECT t.transactionid::text AS xid FROM pg_locks a
    JOIN pg_locks t ON t.pid = a.pid AND t.locktype = 'transactionid' AND t.granted AND t.mode = 'ExclusiveLock'
    WHERE a.locktype = 'advisory' AND a.classid = ${WRITER_LOCK}::oid AND a.objsubid = 2
      AND a.objid = hashtext(current_schema())::oid
      AND a.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  const [{ horizon }] =
    (await tx`SELECT coalesce(min(x), pg_snapshot_xmax(${snapshot}::pg_snapshot))::text AS horizon
    FROM pg_snapshot_xip(${snapshot}::pg_snapshot) x
    WHERE pg_xact_status(x) <> 'in progress' OR xid(x) = ANY(${writers.map((w) => String(w.xid))}::xid[])`) as unknown as [
      { horizon: string },
    ];
  return horizon;
}
