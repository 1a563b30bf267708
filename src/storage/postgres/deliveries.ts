import type { Sql } from 'postgres';
import {
  outcomeColumns,
  PENDING_DELIVERIES_SQL,
  pendingCounts,
  type DeliveryOutcome,
  type DeliveryStorage,
  type NewDelivery,
} from '../deliveries.ts';
import { DELIVERIES } from '../rows/tables.ts';

export function postgresDeliveries(sql: Sql): DeliveryStorage {
  const store: DeliveryStorage = {
    async enqueueDelivery(input: NewDelivery, now: number) {
      const key = input.dedupeKey ?? null;
      const [r] = await sql`INSERT INTO deliveries
      (callback_id, device_id, payload, next_attempt_at, created_at, dedupe_key)
    VALUES (${input.callbackId}, ${input.deviceId ?? null}, ${input.payload}, ${input.nextAttemptAt ?? now}, ${now},
      ${key})
    ON CONFLICT (callback_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING *`;
      if (r) return DELIVERIES.fromRow(r);
      const [first] =
        await sql`SELECT * FROM deliveries WHERE callback_id = ${input.callbackId} AND dedupe_key = ${key}`;
      return DELIVERIES.fromRow(first!);
    },
    /** SKIP LOCKED: a row another process is claiming right now is passed over, not waited for nor taken twice. */
    async claimDeliveries(owner: string, limit: number, claimMs: number, now: number) {
      const rows = await sql`UPDATE deliveries d
    SET claimed_by = ${owner}, claimed_until = ${now + claimMs}, attempts = d.attempts + 1
    FROM (SELECT id FROM deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (claimed_until IS NULL OR claimed_until < ${now})
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
    WHERE d.id = due.id
    RETURNING d.*`;
      return rows.map(DELIVERIES.fromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    },
    async finishDelivery(id: number, owner: string, outcome: DeliveryOutcome, now: number) {
      const c = outcomeColumns(outcome, now);
      const rows = await sql`UPDATE deliveries SET status = ${c.status},
      next_attempt_at = coalesce(${c.next_attempt_at}::bigint, next_attempt_at), last_status = ${c.last_status},
      last_reason = ${c.last_reason}, delivered_at = ${c.delivered_at}, claimed_by = NULL, claimed_until = NULL
    WHERE id = ${id} AND claimed_by = ${owner}`;
      return rows.count > 0;
    },
    async getDelivery(id: number) {
      const [r] = await sql`SELECT * FROM deliveries WHERE id = ${id}`;
      return r ? DELIVERIES.fromRow(r) : null;
    },
    async pendingDeliveries() {
      return pendingCounts(await sql.unsafe(PENDING_DELIVERIES_SQL));
    },
  };
  return store;
}
