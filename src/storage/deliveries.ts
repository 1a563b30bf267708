/** One outgoing call of a callback, queued until some process delivers it (DESIGN.md §6). */
export interface Delivery {
  id: number;
  callbackId: number;
  deviceId: number | null;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  /** Claims so far: each claim is one attempt, also when its process died before finishing it. */
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastReason: string | null;
  claimedBy: string | null;
  claimedUntil: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface NewDelivery {
  callbackId: number;
  deviceId?: number | null;
  payload: string;
  /** Not claimable before; default at once. */
  nextAttemptAt?: number;
  /**
   * Identifies the occurrence (e.g. an event by device, type, time and key): a callback's second delivery with the
   * same key is not queued; `enqueueDelivery` returns the first one instead.
   */
  dedupeKey?: string | null;
}

export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus?: number | null }
  | { status: 'retry'; nextAttemptAt: number; httpStatus?: number | null; reason: string }
  | { status: 'failed'; httpStatus?: number | null; reason: string };

/**
 * The delivery queue shared by every process: a due delivery is claimed by exactly one of them (on PostgreSQL
 * with `FOR UPDATE SKIP LOCKED`, so claimers never wait on each other), for `claimMs`; a claim that runs out
 * (its process died) makes the delivery claimable again. Times are the caller's clock, like `nextAttemptAt`.
 */
export interface DeliveryStorage {
  enqueueDelivery(input: NewDelivery, now: number): Promise<Delivery>;
  /** Up to `limit` due, unclaimed deliveries, oldest due first, now claimed by `owner` until `now + claimMs`. */
  claimDeliveries(owner: string, limit: number, claimMs: number, now: number): Promise<Delivery[]>;
  /** Records the outcome of a claimed delivery and ends the claim; false when `owner` no longer holds it. */
  finishDelivery(id: number, owner: string, outcome: DeliveryOutcome, now: number): Promise<boolean>;
  getDelivery(id: number): Promise<Delivery | null>;
  /** Deliveries still to send (due or waiting for a retry): of event webhooks, and of every other callback. */
  pendingDeliveries(): Promise<{ webhook: number; callback: number }>;
}

/** Counts pending deliveries by whether their callback is an event webhook (webhooks/webhook.ts). */
export const PENDING_DELIVERIES_SQL = `SELECT c.channel = 'webhook' AND c.kind = 'event' AS webhook, count(*) AS n
  FROM deliveries d JOIN callbacks c ON c.id = d.callback_id WHERE d.status = 'pending' GROUP BY 1`;

export function pendingCounts(rows: Record<string, unknown>[]): { webhook: number; callback: number } {
  const counts = { webhook: 0, callback: 0 };
  for (const r of rows) counts[r.webhook === true || r.webhook === 1 ? 'webhook' : 'callback'] = Number(r.n);
  return counts;
}

/** The columns `finishDelivery` writes for an outcome. */
export function outcomeColumns(outcome: DeliveryOutcome, now: number) {
  return {
    status: outcome.status === 'retry' ? 'pending' : outcome.status,
    next_attempt_at: outcome.status === 'retry' ? outcome.nextAttemptAt : null,
    last_status: outcome.httpStatus ?? null,
    last_reason: outcome.status === 'delivered' ? null : outcome.reason,
    delivered_at: outcome.status === 'delivered' ? now : null,
  };
}

export function deliveryFromRow(r: Record<string, unknown>): Delivery {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: Number(r.id),
    callbackId: Number(r.callback_id),
    deviceId: num(r.device_id),
    payload: String(r.payload),
    status: r.status as Delivery['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastStatus: num(r.last_status),
    lastReason: r.last_reason == null ? null : String(r.last_reason),
    claimedBy: r.claimed_by == null ? null : String(r.claimed_by),
    claimedUntil: num(r.claimed_until),
    createdAt: Number(r.created_at),
    deliveredAt: num(r.delivered_at),
  };
}
