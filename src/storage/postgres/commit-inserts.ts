import type { TransactionSql } from 'postgres';
import type { ResolvedRecord } from '../../model/ingest.ts';
import { RETRACTED, retractedId } from '../../model/retraction.ts';
import type { Row } from '../rows/columns.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import { bulkInsert } from './bulk-insert.ts';
import type { CommitBatch } from '../storage.ts';

/** A record with the ids drawn for the rows it may write. */
export interface Planned {
  record: ResolvedRecord;
  messageId: number | null;
  positionId: number | null;
  eventIds: number[];
  payloadHash: string | null;
}

const byId = (rows: Row[]) => new Map(rows.map((r) => [Number(r.id), r]));

export interface InsertedMessages {
  /** New rows by id. */
  stored: Map<number, Row>;
  /** The message id a record links to: its new row, or the stored one it duplicates. */
  linked: Map<Planned, number>;
}

export async function insertMessages(
  tx: TransactionSql,
  planned: Planned[],
  batch: CommitBatch,
): Promise<InsertedMessages> {
  const all = planned.filter((p) => p.messageId != null);
  if (!all.length) return { stored: new Map(), linked: new Map() };
  const claimed = await claimSourceKeys(tx, all, batch);
  const rows = all.filter((p) => p.record.message!.sourceMessageId == null || claimed.has(p.messageId!));
  const stored = byId(
    await bulkInsert(
      tx,
      MESSAGES,
      rows.map((p) => ({
        ...p.record.message!,
        id: p.messageId,
        deviceId: p.record.deviceId,
        sourceId: batch.sourceId,
        receivedTime: batch.receivedTime,
      })),
      [{ name: 'payload_hash', kind: 'text', values: rows.map((p) => p.payloadHash) }],
    ),
  );
  const linked = new Map<Planned, number>();
  const duplicates: Planned[] = [];
  for (const p of all) {
    if (stored.has(p.messageId!)) linked.set(p, p.messageId!);
    else duplicates.push(p);
  }
  if (duplicates.length) {
    // The stored message each duplicate matched, found by the same identity rule as the unique indexes.
    const found =
      await tx`SELECT u.ord, coalesce(k.message_id, m.id) AS id FROM unnest(${duplicates.map((p) => p.record.deviceId)}::bigint[],
        ${duplicates.map((p) => p.record.message!.sourceMessageId ?? null)}::text[],
        ${duplicates.map((p) => p.record.message!.deviceTime)}::bigint[],
        ${duplicates.map((p) => p.payloadHash)}::text[])
        WITH ORDINALITY u(device_id, source_message_id, device_time, payload_hash, ord)
      LEFT JOIN message_source_keys k ON u.source_message_id IS NOT NULL AND k.device_id = u.device_id
        AND k.source_key = ${batch.sourceId ?? 0}::bigint AND k.source_message_id = u.source_message_id
      LEFT JOIN messages m ON u.source_message_id IS NULL AND m.device_id = u.device_id
        AND m.source_message_id IS NULL AND m.device_time = u.device_time AND m.payload_hash = u.payload_hash
      WHERE coalesce(k.message_id, m.id) IS NOT NULL`;
    for (const r of found) linked.set(duplicates[Number(r.ord) - 1]!, Number(r.id));
  }
  return { stored, linked };
}

/**
 * A vendor's message id is unique per device and source whatever the time, which a unique index of the
 * time-partitioned messages table cannot say: the keys live in message_source_keys. Returns the ids of the
 * messages whose key was new; the others are duplicates and are not written.
 */
async function claimSourceKeys(
  tx: TransactionSql,
  planned: Planned[],
  batch: CommitBatch,
): Promise<Set<number>> {
  const keyed = planned.filter((p) => p.record.message!.sourceMessageId != null);
  if (!keyed.length) return new Set();
  const rows = await tx`INSERT INTO message_source_keys (device_id, source_key, source_message_id, message_id,
      device_time)
    SELECT u.device_id, ${batch.sourceId ?? 0}::bigint, u.source_message_id, u.id, u.device_time
    FROM unnest(${keyed.map((p) => p.messageId)}::bigint[], ${keyed.map((p) => p.record.deviceId)}::bigint[],
      ${keyed.map((p) => p.record.message!.sourceMessageId!)}::text[],
      ${keyed.map((p) => p.record.message!.deviceTime)}::bigint[])
      WITH ORDINALITY u(id, device_id, source_message_id, device_time, ord)
    ORDER BY u.ord
    ON CONFLICT DO NOTHING RETURNING message_id`;
  return new Set(rows.map((r) => Number(r.message_id)));
}

export async function insertPositions(
  tx: TransactionSql,
  planned: Planned[],
  batch: CommitBatch,
  messages: InsertedMessages,
): Promise<Map<number, Row>> {
  const rows = planned.filter((p) => p.positionId != null);
  if (!rows.length) return new Map();
  return byId(
    await bulkInsert(
      tx,
      POSITIONS,
      rows.map((r) => ({
        ...r.record.position!,
        id: r.positionId,
        deviceId: r.record.deviceId,
        messageId: messages.linked.get(r) ?? null,
        receivedTime: batch.receivedTime,
      })),
    ),
  );
}

export async function insertEvents(
  tx: TransactionSql,
  planned: Planned[],
  batch: CommitBatch,
  messages: InsertedMessages,
  positions: Map<number, Row>,
  groups: Map<number, number>,
): Promise<Map<number, Row>> {
  const rows = planned.flatMap((p) =>
    (p.record.events ?? []).map((event, i) => ({
      id: p.eventIds[i]!,
      deviceId: p.record.deviceId,
      event,
      positionId: p.positionId != null && positions.has(p.positionId) ? p.positionId : null,
      messageId: messages.linked.get(p) ?? null,
    })),
  );
  if (!rows.length) return new Map();
  return byId(
    await bulkInsert(
      tx,
      EVENTS,
      rows.map((r) => ({
        ...r.event,
        id: r.id,
        deviceId: r.deviceId,
        groupId: groups.get(r.deviceId)!,
        positionId: r.positionId,
        messageId: r.messageId,
        createdAt: batch.receivedTime,
      })),
    ),
  );
}

/**
 * Deletes the events the batch's retractions take back (see model/retraction.ts), in the transaction that commits
 * the retractions, and before the batch's events are inserted: an event retracted and re-emitted with the same
 * identity fits in one batch.
 */
export async function deleteRetracted(tx: TransactionSql, records: ResolvedRecord[]): Promise<void> {
  const targets = records.flatMap((r) =>
    (r.events ?? []).flatMap((e) => {
      const id = retractedId(e);
      return id == null ? [] : [{ id, deviceId: r.deviceId }];
    }),
  );
  if (!targets.length) return;
  await tx`DELETE FROM events e USING unnest(${targets.map((t) => t.id)}::bigint[],
      ${targets.map((t) => t.deviceId)}::bigint[]) u(id, device_id)
    WHERE e.id = u.id AND e.device_id = u.device_id AND e.type <> ${RETRACTED}`;
}
