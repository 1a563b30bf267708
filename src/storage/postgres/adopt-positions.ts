import type { TransactionSql } from 'postgres';
import type { InsertedMessages, Planned } from './commit-inserts.ts';

/**
 * Inside the commit's transaction, links each new message that asks for it (`PositionAdoption`) to the unlinked
 * position it adopts, in one statement whatever the batch size. The position is updated in place (its id and
 * commit order stay); the message, new in the commit order, names it in `position_id`, so a sync consumer that
 * already received the position learns the link. The device rows are locked by the commit, so two writers cannot
 * adopt the same position. Sets `position_id` on the returned message rows.
 */
export async function adoptPositions(tx: TransactionSql, planned: Planned[], messages: InsertedMessages) {
  const asking = planned.filter((p) => p.record.adoptPosition && messages.stored.has(p.messageId!));
  if (!asking.length) return;
  const a = asking.map((p) => p.record.adoptPosition!);
  // Per message, the oldest matching position, should the network have sent the geolocation twice.
  const linked = await tx`WITH claim AS (
      SELECT DISTINCT ON (u.message_id) u.message_id, u.device_time, p.id AS position_id, p.fix_time
      FROM unnest(${asking.map((p) => p.messageId)}::bigint[], ${asking.map((p) => p.record.deviceId)}::bigint[],
        ${asking.map((p) => p.record.message!.deviceTime)}::bigint[], ${a.map((x) => x.fixTime)}::bigint[],
        ${a.map((x) => String(x.seqNumber))}::text[]) u(message_id, device_id, device_time, fix_time, seq_number)
      JOIN positions p ON p.device_id = u.device_id AND p.fix_time = u.fix_time AND p.message_id IS NULL
        AND p.attributes->>'seqNumber' = u.seq_number
      ORDER BY u.message_id, p.id
    ), adopted AS (
      UPDATE positions p SET message_id = c.message_id FROM claim c
      WHERE p.id = c.position_id AND p.fix_time = c.fix_time
      RETURNING p.id, p.message_id
    )
    UPDATE messages m SET position_id = d.id FROM adopted d JOIN claim c ON c.message_id = d.message_id
    WHERE m.id = d.message_id AND m.device_time = c.device_time
    RETURNING m.id, m.position_id`;
  for (const r of linked) messages.stored.get(Number(r.id))!.position_id = r.position_id;
}
