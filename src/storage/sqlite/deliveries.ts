import {
  outcomeColumns,
  PENDING_DELIVERIES_SQL,
  pendingCounts,
  type DeliveryStorage,
} from '../deliveries.ts';
import { DELIVERIES } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteDeliveries(db: SqliteDatabase): DeliveryStorage {
  return {
    async enqueueDelivery(input, now) {
      const key = input.dedupeKey ?? null;
      const r = db.get(
        `INSERT INTO deliveries (callback_id, device_id, payload, next_attempt_at, created_at, dedupe_key)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        input.callbackId,
        input.deviceId ?? null,
        input.payload,
        input.nextAttemptAt ?? now,
        now,
        key,
      );
      if (r) return DELIVERIES.fromRow(r);
      return DELIVERIES.fromRow(
        db.get('SELECT * FROM deliveries WHERE callback_id = ? AND dedupe_key = ?', input.callbackId, key)!,
      );
    },
    /** One statement, and SQLite runs one writer at a time: two claimers never get the same row. */
    async claimDeliveries(owner, limit, claimMs, now) {
      const rows = db.all(
        `UPDATE deliveries SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
         WHERE id IN (SELECT id FROM deliveries
           WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
           ORDER BY next_attempt_at, id LIMIT ?)
         RETURNING *`,
        owner,
        now + claimMs,
        now,
        now,
        limit,
      );
      return rows.map(DELIVERIES.fromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    },
    async finishDelivery(id, owner, outcome, now) {
      const c = outcomeColumns(outcome, now);
      const { changes } = db.run(
        `UPDATE deliveries SET status = ?, next_attempt_at = coalesce(?, next_attempt_at), last_status = ?,
           last_reason = ?, delivered_at = ?, claimed_by = NULL, claimed_until = NULL
         WHERE id = ? AND claimed_by = ?`,
        c.status,
        c.next_attempt_at,
        c.last_status,
        c.last_reason,
        c.delivered_at,
        id,
        owner,
      );
      return changes > 0;
    },
    async getDelivery(id) {
      const r = db.get('SELECT * FROM deliveries WHERE id = ?', id);
      return r ? DELIVERIES.fromRow(r) : null;
    },
    async pendingDeliveries() {
      return pendingCounts(db.all(PENDING_DELIVERIES_SQL));
    },
  };
}
