import type Database from 'better-sqlite3';
import type { PositionAdoption } from '../../model/ingest.ts';

/** Statements of the adoption step of the commit path (see `PositionAdoption`). */
export function prepareAdoption(db: Database.Database) {
  return {
    // The oldest matching position, should the network have sent the geolocation twice with different results.
    claim: db
      .prepare(
        `UPDATE positions SET message_id = @message_id WHERE id = (SELECT id FROM positions
          WHERE device_id = @device_id AND fix_time = @fix_time AND message_id IS NULL
            AND json_extract(attributes, '$.seqNumber') = @seq_number
          ORDER BY id LIMIT 1)
        RETURNING id`,
      )
      .pluck(),
    link: db.prepare('UPDATE messages SET position_id = ? WHERE id = ?'),
  };
}

/**
 * Inside the commit's transaction, links a new message to the unlinked position it adopts; returns the position's
 * id, or null when there is none. The position is updated in place (its id and commit order stay); the message,
 * new in the commit order, names it, so a sync consumer that already received the position learns the link.
 */
export function adoptPosition(
  s: ReturnType<typeof prepareAdoption>,
  deviceId: number,
  messageId: number,
  a: PositionAdoption,
): number | null {
  const found = s.claim.get({
    message_id: messageId,
    device_id: deviceId,
    fix_time: a.fixTime,
    seq_number: a.seqNumber,
  });
  if (found == null) return null;
  s.link.run(found, messageId);
  return Number(found);
}
