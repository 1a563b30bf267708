import type Database from 'better-sqlite3';
import type { EventFields, MessageFields, PositionFields, StoredPosition } from '../../model/records.ts';
import { SourceLeaseLostError } from '../coordination.ts';
import { RETRACTED, retractedId } from '../../model/retraction.ts';
import { payloadHash } from '../payload-hash.ts';
import { encodeCursor } from '../cursor.ts';
import { adoptPosition, prepareAdoption } from './adopt-position.ts';
import type { CommitBatch, CommitResult, CommitStore, CommittedRecord } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';
import { EVENTS, MESSAGES, POSITIONS } from '../rows/tables.ts';
import { insertSql, sqliteRow } from './encode.ts';
import type { Row } from '../rows/columns.ts';
import { MERGED_POSITION_FIELDS, mergePosition } from '../../model/position-merge.ts';

/** Prepared statements of the commit path, made once per database. */
function prepareCommit(db: Database.Database) {
  const s = {
    counter: db.prepare('SELECT value FROM sync_counter WHERE id = 1').pluck(),
    setCounter: db.prepare('UPDATE sync_counter SET value = ? WHERE id = 1'),
    insertMessage: db.prepare(`${insertSql(MESSAGES, ['payload_hash'])} ON CONFLICT DO NOTHING`),
    findMessageById: db.prepare(`SELECT id FROM messages WHERE device_id = ? AND coalesce(source_id, 0) = ?
        AND source_message_id = ?`),
    findMessageByContent: db.prepare(`SELECT id FROM messages WHERE device_id = ? AND device_time = ?
        AND payload_hash = ? AND source_message_id IS NULL`),
    insertPosition: db.prepare(`${insertSql(POSITIONS)} ON CONFLICT DO NOTHING`),
    findPosition: db.prepare(
      'SELECT * FROM positions WHERE device_id = ? AND fix_time = ? AND lat = ? AND lon = ?',
    ),
    mergePosition: db.prepare(
      `UPDATE positions SET ${MERGED_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    ),
    // The merged position's new place in the commit order (see sync.ts); its id stays.
    revisePosition: db.prepare(`INSERT INTO position_revisions (seq, position_id) VALUES (?, ?)
      ON CONFLICT (position_id) DO UPDATE SET seq = excluded.seq`),
    insertEvent: db.prepare(`${insertSql(EVENTS)} ON CONFLICT DO NOTHING`),
    // A retraction deletes the event it takes back, in its own transaction (see model/retraction.ts).
    deleteRetracted: db.prepare(
      `DELETE FROM events WHERE id = ? AND device_id = ? AND type <> '${RETRACTED}'`,
    ),
    // Every device of the batch in one statement: [device_id, seen, fix_time, position_id] per device, as JSON.
    touchDevices: db.prepare(`UPDATE devices SET last_seen = CASE WHEN u.seen IS NULL THEN last_seen
          ELSE max(coalesce(last_seen, 0), u.seen) END,
        latest_position_id = CASE WHEN u.fix_time IS NOT NULL
          AND (latest_fix_time IS NULL OR u.fix_time > latest_fix_time) THEN u.position_id ELSE latest_position_id END,
        latest_fix_time = CASE WHEN u.fix_time IS NOT NULL
          AND (latest_fix_time IS NULL OR u.fix_time > latest_fix_time) THEN u.fix_time ELSE latest_fix_time END
      FROM (SELECT value ->> 0 AS device_id, value ->> 1 AS seen, value ->> 2 AS fix_time, value ->> 3 AS position_id
        FROM json_each(?)) u
      WHERE devices.id = u.device_id`),
    deviceGroup: db.prepare('SELECT group_id FROM devices WHERE id = ?').pluck(),
    setCursor: db.prepare('UPDATE sources SET cursor = ? WHERE id = ?'),
    setLeasedCursor: db.prepare('UPDATE sources SET cursor = ? WHERE id = ? AND lease_owner = ?'),
    sourceExists: db.prepare('SELECT 1 FROM sources WHERE id = ?'),
    adopt: prepareAdoption(db),
  };
  return s;
}

type Statements = ReturnType<typeof prepareCommit>;

const MERGED_COLUMNS = MERGED_POSITION_FIELDS.map((f) => POSITIONS.column(f).name);

export function sqliteCommit(db: SqliteDatabase): CommitStore {
  // Prepared on the first commit, once the schema exists.
  let statements: Statements | null = null;
  return {
    async commit(batch) {
      statements ??= prepareCommit(db.raw);
      return commitBatch(db.raw, statements, batch);
    },
  };
}

/**
 * Stores one batch in one immediate transaction; ids come from the sync counter so they follow commit order.
 * Stored records are built from the inserted values rather than read back (`RETURNING *` cost 3.5x the insert),
 * and the devices' last seen and latest positions are updated in one statement per batch.
 */
function commitBatch(db: Database.Database, s: Statements, batch: CommitBatch): CommitResult {
  const run = db.transaction((): CommitResult => {
    let seq = Number(s.counter.get());
    // Rows with ids above this one are this batch's own.
    const before = seq;
    const next = () => ++seq;
    const groups = new Map<number, number>();
    const latest = new Map<number, { fixTime: number; positionId: number } | null>();
    // Only a position or a message is the device speaking; events alone (derived alarms) do not make it seen.
    const heard = new Set<number>();
    const records: CommittedRecord[] = batch.records.map((record) => {
      // Checked up front: an event-only record of a missing device would otherwise insert nothing and pass as a
      // duplicate, and the batch must fail as a whole instead.
      let groupId = groups.get(record.deviceId);
      if (groupId === undefined) {
        const found = s.deviceGroup.get(record.deviceId);
        if (found == null) throw new Error(`device ${record.deviceId} does not exist`);
        groupId = Number(found);
        groups.set(record.deviceId, groupId);
      }
      const message = record.message ? storeMessage(s, record.deviceId, record.message, batch, next) : null;
      if (message?.stored && record.adoptPosition) {
        message.stored.positionId = adoptPosition(
          s.adopt,
          record.deviceId,
          message.stored.id,
          record.adoptPosition,
        );
      }
      const position = record.position
        ? storePosition(s, record.deviceId, record.position, message?.id ?? null, batch, next, before)
        : null;
      const positionId = position?.stored?.id ?? null;
      const events = (record.events ?? []).flatMap((e) => {
        const stored = storeEvent(
          s,
          record.deviceId,
          groupId,
          e,
          positionId,
          message?.id ?? null,
          batch,
          next,
        );
        return stored ? [stored] : [];
      });
      const isNew = Boolean(message?.stored || position?.stored || events.length);
      if (record.position || record.message) heard.add(record.deviceId);
      const best = latest.get(record.deviceId) ?? null;
      if (position?.stored && (!best || position.stored.fixTime > best.fixTime)) {
        latest.set(record.deviceId, { fixTime: position.stored.fixTime, positionId: position.stored.id });
      } else if (!latest.has(record.deviceId)) {
        latest.set(record.deviceId, null);
      }
      if (!isNew) {
        return position?.merged
          ? { status: 'merged', deviceId: record.deviceId, position: position.merged }
          : { status: 'duplicate', deviceId: record.deviceId };
      }
      return {
        status: 'accepted',
        deviceId: record.deviceId,
        position: position?.stored ?? position?.merged ?? null,
        message: message?.stored ?? null,
        events,
      };
    });
    s.touchDevices.run(
      JSON.stringify(
        [...latest].map(([deviceId, best]) => [
          deviceId,
          heard.has(deviceId) ? batch.receivedTime : null,
          best?.fixTime ?? null,
          best?.positionId ?? null,
        ]),
      ),
    );
    s.setCounter.run(seq);
    if (batch.sourceCursor) {
      const { sourceId, cursor, leaseOwner } = batch.sourceCursor;
      const saved = leaseOwner
        ? s.setLeasedCursor.run(cursor, sourceId, leaseOwner).changes
        : s.setCursor.run(cursor, sourceId).changes;
      // A cursor that cannot be saved would make the source fetch the same page forever: fail the batch instead.
      if (saved === 0) {
        if (leaseOwner && s.sourceExists.get(sourceId)) throw new SourceLeaseLostError(sourceId, leaseOwner);
        throw new Error(`source ${sourceId} does not exist`);
      }
    }
    return { records, commitOrder: { from: encodeCursor(before), to: encodeCursor(seq) } };
  });
  return run.immediate();
}

function storeMessage(
  s: Statements,
  deviceId: number,
  m: MessageFields,
  batch: CommitBatch,
  next: () => number,
) {
  const hash = payloadHash(m);
  const row: Row = {
    ...sqliteRow(MESSAGES, {
      ...m,
      id: next(),
      deviceId,
      sourceId: batch.sourceId,
      receivedTime: batch.receivedTime,
      positionId: null,
    }),
    payload_hash: hash,
  };
  if (s.insertMessage.run(row).changes) return { id: Number(row.id), stored: MESSAGES.fromRow(row) };
  const existing =
    m.sourceMessageId != null
      ? s.findMessageById.pluck().get(deviceId, batch.sourceId ?? 0, m.sourceMessageId)
      : s.findMessageByContent.pluck().get(deviceId, m.deviceTime, hash);
  return { id: existing == null ? null : Number(existing), stored: null };
}

function storePosition(
  s: Statements,
  deviceId: number,
  p: PositionFields,
  messageId: number | null,
  batch: CommitBatch,
  next: () => number,
  before: number,
): { stored: StoredPosition | null; merged: StoredPosition | null } {
  const row = sqliteRow(POSITIONS, {
    ...p,
    id: next(),
    deviceId,
    messageId,
    receivedTime: batch.receivedTime,
  });
  if (s.insertPosition.run(row).changes) return { stored: POSITIONS.fromRow(row), merged: null };
  // A copy of a stored position: it may complete it, never overwrite it.
  const found = s.findPosition.get(deviceId, p.fixTime, p.lat, p.lon) as Row | undefined;
  const merged = found ? mergePosition(POSITIONS.fromRow(found), p) : null;
  if (!merged) return { stored: null, merged: null };
  s.mergePosition.run(sqliteRow(POSITIONS, merged));
  // A position of this batch is read at its own place in the commit order still to come.
  if (merged.id <= before) s.revisePosition.run(next(), merged.id);
  return { stored: null, merged };
}

function storeEvent(
  s: Statements,
  deviceId: number,
  groupId: number,
  e: EventFields,
  positionId: number | null,
  messageId: number | null,
  batch: CommitBatch,
  next: () => number,
) {
  // Before the insert, so that an event retracted and re-emitted with the same identity fits in one batch.
  const retracted = retractedId(e);
  if (retracted != null) s.deleteRetracted.run(retracted, deviceId);
  const row = sqliteRow(EVENTS, {
    ...e,
    id: next(),
    deviceId,
    groupId,
    positionId,
    messageId,
    createdAt: batch.receivedTime,
  });
  return s.insertEvent.run(row).changes ? EVENTS.fromRow(row) : null;
}
