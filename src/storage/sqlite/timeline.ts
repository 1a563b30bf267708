import type { TimelineEntry, TimelineQuery, TimelineStore } from '../entries.ts';
import { MESSAGES, POSITIONS } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

const ids = (values: number[]) => JSON.stringify(values);

export function sqliteTimeline(db: SqliteDatabase): TimelineStore {
  return { listTimeline: async (query) => listTimeline(db, query) };
}

function listTimeline(db: SqliteDatabase, q: TimelineQuery): { total: number; items: TimelineEntry[] } {
  if (!q.deviceIds.length) return { total: 0, items: [] };
  const union = `
    SELECT 'p' AS kind, p.id AS eid, p.fix_time AS t FROM positions p
      WHERE p.device_id IN (SELECT value FROM json_each(@devices)) AND p.fix_time >= @from AND p.fix_time < @to
    UNION ALL
    SELECT 'm', m.id, m.device_time FROM messages m
      WHERE m.device_id IN (SELECT value FROM json_each(@devices)) AND m.device_time >= @from
        AND m.device_time < @to AND m.message_type IN (SELECT value FROM json_each(@types))
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)`;
  const types = q.messageTypes.length ? q.messageTypes : [''];
  const params = { devices: ids(q.deviceIds), from: q.from, to: q.to, types: JSON.stringify(types) };
  const total = Number(db.value(`SELECT count(*) FROM (${union})`, params));
  const keys = db.all(`${union} ORDER BY t DESC, eid DESC LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: q.limit,
    offset: q.offset,
  });
  const positionIds = keys.filter((k) => k.kind === 'p').map((k) => Number(k.eid));
  const positions = positionIds.length
    ? db.all('SELECT * FROM positions WHERE id IN (SELECT value FROM json_each(?))', ids(positionIds))
    : [];
  const byPosition = new Map(positions.map((r) => [Number(r.id), POSITIONS.fromRow(r)]));
  const messageIds = [
    ...keys.filter((k) => k.kind === 'm').map((k) => Number(k.eid)),
    ...positions.filter((r) => r.message_id != null).map((r) => Number(r.message_id)),
  ];
  const messages = messageIds.length
    ? db.all('SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?))', ids(messageIds))
    : [];
  const byMessage = new Map(messages.map((r) => [Number(r.id), MESSAGES.fromRow(r)]));
  const items = keys.map((k): TimelineEntry => {
    const id = Number(k.eid);
    if (k.kind === 'm') {
      const message = byMessage.get(id)!;
      return { deviceId: message.deviceId, time: Number(k.t), position: null, message };
    }
    const position = byPosition.get(id)!;
    const message = position.messageId == null ? null : (byMessage.get(position.messageId) ?? null);
    return { deviceId: position.deviceId, time: Number(k.t), position, message };
  });
  return { total, items };
}
