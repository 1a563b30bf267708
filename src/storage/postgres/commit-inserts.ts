import type { TransactionSql } from 'postgres';
import type { ResolvedRecord } from '../../model/ingest.ts';
import { RETRACTED, retractedId } from '../../model/retraction.ts';
import type { Row } from '../rows/columns.ts';
import type { CommitBatch } from '../storage.ts';

/** A record with the ids drawn for the rows it may write. */
export interface Planned {
  record: ResolvedRecord;
  messageId: number | null;
  positionId: number | null;
  eventIds: number[];
  payloadHash: string | null;
}

// Columns travel as one array each (unnest), so the statement text, and its prepared plan, is the same for any
// batch size. JSON goes as text and booleans as integers: the driver would serialise a null boolean as false.
const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
const bit = (v: boolean | null | undefined) => (v == null ? null : v ? 1 : 0);
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
  const m = rows.map((p) => p.record.message!);
  const stored = byId(
    await tx`INSERT INTO messages (id, device_id, source_id, source_message_id, device_time, received_time,
        message_type, payload, payload_encoding, payload_hash, radio, decoded, duplicate, attributes)
      SELECT u.id, u.device_id, ${batch.sourceId}::bigint, u.source_message_id, u.device_time,
        ${batch.receivedTime}::bigint, u.message_type, u.payload, u.payload_encoding, u.payload_hash, u.radio::jsonb,
        u.decoded::jsonb, u.duplicate::boolean, u.attributes::jsonb
      FROM unnest(${rows.map((p) => p.messageId)}::bigint[], ${rows.map((p) => p.record.deviceId)}::bigint[],
        ${m.map((x) => x.sourceMessageId ?? null)}::text[], ${m.map((x) => x.deviceTime)}::bigint[],
        ${m.map((x) => x.messageType ?? null)}::text[], ${m.map((x) => x.payload ?? null)}::text[],
        ${m.map((x) => x.payloadEncoding ?? null)}::text[], ${rows.map((p) => p.payloadHash)}::text[],
        ${m.map((x) => JSON.stringify(x.radio ?? {}))}::text[], ${m.map((x) => json(x.decoded))}::text[],
        ${m.map((x) => bit(x.duplicate ?? false))}::int[], ${m.map((x) => JSON.stringify(x.attributes ?? {}))}::text[])
        WITH ORDINALITY u(id, device_id, source_message_id, device_time, message_type, payload, payload_encoding,
          payload_hash, radio, decoded, duplicate, attributes, ord)
      ORDER BY u.ord
      ON CONFLICT DO NOTHING RETURNING *`,
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
  const p = rows.map((r) => r.record.position!);
  return byId(
    await tx`INSERT INTO positions (id, device_id, message_id, fix_time, received_time, lat, lon, valid, accuracy,
        altitude, speed, course, hdop, vdop, pdop, satellites, odometer, ignition, motion, inputs, outputs, analogs,
        temperatures, power, attributes)
      SELECT u.id, u.device_id, u.message_id, u.fix_time, ${batch.receivedTime}::bigint, u.lat, u.lon,
        u.valid::boolean, u.accuracy, u.altitude, u.speed, u.course, u.hdop, u.vdop, u.pdop, u.satellites, u.odometer,
        u.ignition::boolean, u.motion::boolean, u.inputs, u.outputs, u.analogs::jsonb, u.temperatures::jsonb, u.power,
        u.attributes::jsonb
      FROM unnest(${rows.map((r) => r.positionId)}::bigint[], ${rows.map((r) => r.record.deviceId)}::bigint[],
        ${rows.map((r) => messages.linked.get(r) ?? null)}::bigint[], ${p.map((x) => x.fixTime)}::bigint[],
        ${p.map((x) => x.lat)}::float8[], ${p.map((x) => x.lon)}::float8[], ${p.map((x) => bit(x.valid ?? true))}::int[],
        ${p.map((x) => x.accuracy ?? null)}::float8[], ${p.map((x) => x.altitude ?? null)}::float8[],
        ${p.map((x) => x.speed ?? null)}::float8[], ${p.map((x) => x.course ?? null)}::float8[],
        ${p.map((x) => x.hdop ?? null)}::float8[], ${p.map((x) => x.vdop ?? null)}::float8[],
        ${p.map((x) => x.pdop ?? null)}::float8[], ${p.map((x) => x.satellites ?? null)}::int[],
        ${p.map((x) => x.odometer ?? null)}::float8[], ${p.map((x) => bit(x.ignition))}::int[],
        ${p.map((x) => bit(x.motion))}::int[], ${p.map((x) => x.inputs ?? null)}::bigint[],
        ${p.map((x) => x.outputs ?? null)}::bigint[], ${p.map((x) => json(x.analogs))}::text[],
        ${p.map((x) => json(x.temperatures))}::text[], ${p.map((x) => x.power ?? null)}::float8[],
        ${p.map((x) => JSON.stringify(x.attributes ?? {}))}::text[])
        WITH ORDINALITY u(id, device_id, message_id, fix_time, lat, lon, valid, accuracy, altitude, speed, course,
          hdop, vdop, pdop, satellites, odometer, ignition, motion, inputs, outputs, analogs, temperatures, power,
          attributes, ord)
      ORDER BY u.ord
      ON CONFLICT DO NOTHING RETURNING *`,
  );
}

export async function insertEvents(
  tx: TransactionSql,
  planned: Planned[],
  batch: CommitBatch,
  messages: InsertedMessages,
  positions: Map<number, Row>,
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
    await tx`INSERT INTO events (id, device_id, group_id, type, event_time, event_key, position_id, message_id,
        attributes, created_at)
      SELECT u.id, u.device_id, d.group_id, u.type, u.event_time, u.event_key, u.position_id, u.message_id,
        u.attributes::jsonb, ${batch.receivedTime}::bigint
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.deviceId)}::bigint[],
        ${rows.map((r) => r.event.type)}::text[], ${rows.map((r) => r.event.time)}::bigint[],
        ${rows.map((r) => r.event.key ?? null)}::text[], ${rows.map((r) => r.positionId)}::bigint[],
        ${rows.map((r) => r.messageId)}::bigint[], ${rows.map((r) => JSON.stringify(r.event.attributes ?? {}))}::text[])
        WITH ORDINALITY u(id, device_id, type, event_time, event_key, position_id, message_id, attributes, ord)
      JOIN devices d ON d.id = u.device_id
      ORDER BY u.ord
      ON CONFLICT DO NOTHING RETURNING *`,
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
