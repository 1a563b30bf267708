import type Database from 'better-sqlite3';
import { deliveryFromRow, outcomeColumns, type DeliveryOutcome, type NewDelivery } from '../deliveries.ts';

type Row = Record<string, unknown>;

export function enqueueDelivery(db: Database.Database, input: NewDelivery, now: number) {
  const key = input.dedupeKey ?? null;
  const r = db
    .prepare(
      `INSERT INTO deliveries (callback_id, device_id, payload, next_attempt_at, created_at, dedupe_key)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
    )
    .get(input.callbackId, input.deviceId ?? null, input.payload, input.nextAttemptAt ?? now, now, key) as
    Row | undefined;
  if (r) return deliveryFromRow(r);
  const first = db
    .prepare('SELECT * FROM deliveries WHERE callback_id = ? AND dedupe_key = ?')
    .get(input.callbackId, key) as Row;
  return deliveryFromRow(first);
}

/** One statement, and SQLite runs one writer at a time: two claimers never get the same row. */
export function claimDeliveries(
  db: Database.Database,
  owner: string,
  limit: number,
  claimMs: number,
  now: number,
) {
  const rows = db
    .prepare(
      `UPDATE deliveries SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
       WHERE id IN (SELECT id FROM deliveries
         WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
         ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING *`,
    )
    .all(owner, now + claimMs, now, now, limit) as Row[];
  return rows.map(deliveryFromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
}

export function finishDelivery(
  db: Database.Database,
  id: number,
  owner: string,
  outcome: DeliveryOutcome,
  now: number,
) {
  const c = outcomeColumns(outcome, now);
  const { changes } = db
    .prepare(
      `UPDATE deliveries SET status = ?, next_attempt_at = coalesce(?, next_attempt_at), last_status = ?,
         last_reason = ?, delivered_at = ?, claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND claimed_by = ?`,
    )
    .run(c.status, c.next_attempt_at, c.last_status, c.last_reason, c.delivered_at, id, owner);
  return changes > 0;
}

export function getDelivery(db: Database.Database, id: number) {
  const r = db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined;
  return r ? deliveryFromRow(r) : null;
}
