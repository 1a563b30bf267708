import type { Sql, TransactionSql } from 'postgres';
import type { ResolvedRecord } from '../../model/ingest.ts';
import { SourceLeaseLostError } from '../coordination.ts';
import { payloadHash } from '../payload-hash.ts';
import type { Row } from '../rows/columns.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { CommitBatch, CommitResult, CommitStore, CommittedRecord } from '../storage.ts';
import { holdSyncWriterLock } from './sync-horizon.ts';
import { adoptPositions } from './adopt-positions.ts';
import { mergePositions } from './merge-positions.ts';
import {
  deleteRetracted,
  insertEvents,
  insertMessages,
  insertPositions,
  type Planned,
} from './commit-inserts.ts';

/**
 * Stores one batch in one transaction with a fixed number of round trips whatever its size: each table gets one
 * multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING, so a row that comes back is new and one that does not is
 * a duplicate. Ids are drawn up front, so returned rows map back to their records by id.
 */
export function postgresCommit(sql: Sql): CommitStore {
  return { commit: (batch) => sql.begin((tx) => commitIn(tx, batch)) };
}

async function commitIn(tx: TransactionSql, batch: CommitBatch): Promise<CommitResult> {
  await holdSyncWriterLock(tx);
  const deviceIds = [...new Set(batch.records.map((r) => r.deviceId))].sort((a, b) => a - b);
  // Writers that share a device take turns, and lock in id order, so their duplicate checks cannot deadlock.
  const locked = deviceIds.length
    ? await tx`SELECT id, group_id FROM devices WHERE id = ANY(${deviceIds}::bigint[]) ORDER BY id FOR UPDATE`
    : [];
  // A record of a missing device fails the batch as a whole, as a foreign key would for a position.
  const missing = deviceIds.find((id, i) => Number(locked[i]?.id) !== id);
  if (missing != null) throw new Error(`device ${missing} does not exist`);
  const groups = new Map(locked.map((r) => [Number(r.id), Number(r.group_id)]));
  const planned = await plan(tx, batch.records);

  const messages = await insertMessages(tx, planned, batch);
  const positions = await insertPositions(tx, planned, batch, messages);
  const merged = await mergePositions(tx, planned, positions);
  await adoptPositions(tx, planned, messages);
  await deleteRetracted(tx, batch.records);
  const events = await insertEvents(tx, planned, batch, messages, positions, groups);

  const records = planned.map((p): CommittedRecord => {
    const message = p.messageId != null ? messages.stored.get(p.messageId) : undefined;
    const position = p.positionId != null ? positions.get(p.positionId) : undefined;
    const stored = p.eventIds.flatMap((id): Row[] => {
      const row = events.get(id);
      return row ? [row] : [];
    });
    const completed = merged.get(p) ?? null;
    const { deviceId } = p.record;
    if (!message && !position && !stored.length) {
      return completed
        ? { status: 'merged', deviceId, position: completed }
        : { status: 'duplicate', deviceId };
    }
    return {
      status: 'accepted',
      deviceId,
      message: message ? MESSAGES.fromRow(message) : null,
      position: position ? POSITIONS.fromRow(position) : completed,
      events: stored.map(EVENTS.fromRow),
    };
  });
  await touchDevices(tx, deviceIds, planned, positions, batch.receivedTime);
  if (batch.sourceCursor) {
    const { sourceId, cursor, leaseOwner } = batch.sourceCursor;
    const updated = leaseOwner
      ? await tx`UPDATE sources SET cursor = ${cursor} WHERE id = ${sourceId} AND lease_owner = ${leaseOwner}`
      : await tx`UPDATE sources SET cursor = ${cursor} WHERE id = ${sourceId}`;
    // A cursor that cannot be saved would make the source fetch the same page forever: fail the batch instead.
    if (updated.count === 0) {
      const [exists] = leaseOwner ? await tx`SELECT 1 FROM sources WHERE id = ${sourceId}` : [];
      if (exists) throw new SourceLeaseLostError(sourceId, leaseOwner!);
      throw new Error(`source ${sourceId} does not exist`);
    }
  }
  return { records };
}

/** Draws ids for every row the batch may write, in record order: message, position, then events. */
async function plan(tx: TransactionSql, records: ResolvedRecord[]): Promise<Planned[]> {
  const count = records.reduce(
    (n, r) => n + (r.message ? 1 : 0) + (r.position ? 1 : 0) + (r.events?.length ?? 0),
    0,
  );
  const ids = count
    ? (await tx`SELECT nextval('record_ids') AS id FROM generate_series(1, ${count})`).map((r) =>
        Number(r.id),
      )
    : [];
  let i = 0;
  const next = () => ids[i++]!;
  return records.map((record) => ({
    record,
    messageId: record.message ? next() : null,
    positionId: record.position ? next() : null,
    eventIds: (record.events ?? []).map(next),
    payloadHash: record.message ? payloadHash(record.message) : null,
  }));
}

/** Last seen for every device of the batch; the latest position where a new one has a later fix time. */
async function touchDevices(
  tx: TransactionSql,
  deviceIds: number[],
  planned: Planned[],
  positions: Map<number, Row>,
  seen: number,
) {
  if (!deviceIds.length) return;
  // Per device, the first stored position with the greatest fix time, as sequential updates would leave it.
  const latest = new Map<number, { id: number; fixTime: number }>();
  for (const p of planned) {
    if (p.positionId == null || !positions.has(p.positionId)) continue;
    const fixTime = p.record.position!.fixTime;
    const best = latest.get(p.record.deviceId);
    if (!best || fixTime > best.fixTime) latest.set(p.record.deviceId, { id: p.positionId, fixTime });
  }
  // Only a position or a message is the device speaking; events alone (derived alarms) do not make it seen.
  const heard = new Set(
    planned.filter((p) => p.record.position || p.record.message).map((p) => p.record.deviceId),
  );
  await tx`UPDATE devices d SET last_seen = CASE WHEN u.seen IS NULL THEN d.last_seen
        ELSE GREATEST(coalesce(d.last_seen, 0), u.seen) END,
      latest_position_id = CASE WHEN u.fix_time IS NOT NULL
        AND (d.latest_fix_time IS NULL OR u.fix_time > d.latest_fix_time) THEN u.position_id ELSE d.latest_position_id END,
      latest_fix_time = CASE WHEN u.fix_time IS NOT NULL
        AND (d.latest_fix_time IS NULL OR u.fix_time > d.latest_fix_time) THEN u.fix_time ELSE d.latest_fix_time END
    FROM unnest(${deviceIds}::bigint[], ${deviceIds.map((id) => latest.get(id)?.id ?? null)}::bigint[],
      ${deviceIds.map((id) => latest.get(id)?.fixTime ?? null)}::bigint[],
      ${deviceIds.map((id) => (heard.has(id) ? seen : null))}::bigint[]) u(device_id, position_id, fix_time, seen)
    WHERE d.id = u.device_id`;
}
