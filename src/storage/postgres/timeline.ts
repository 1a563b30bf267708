import type { Sql } from 'postgres';
import type { TimelineEntry, TimelineQuery, TimelineStore } from '../entries.ts';
import { MESSAGES, POSITIONS } from '../rows/tables.ts';

export function postgresTimeline(sql: Sql): TimelineStore {
  return {
    async listTimeline(q: TimelineQuery): Promise<{ total: number; items: TimelineEntry[] }> {
      if (!q.deviceIds.length) return { total: 0, items: [] };
      const union = sql`
    SELECT 'p' AS kind, p.id AS eid, p.fix_time AS t FROM positions p
      WHERE p.device_id = ANY(${q.deviceIds}::bigint[]) AND p.fix_time >= ${q.from} AND p.fix_time < ${q.to}
    UNION ALL
    SELECT 'm', m.id, m.device_time FROM messages m
      WHERE m.device_id = ANY(${q.deviceIds}::bigint[]) AND m.device_time >= ${q.from} AND m.device_time < ${q.to}
        AND m.message_type = ANY(${q.messageTypes}::text[])
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)`;
      const [count] = await sql`SELECT count(*)::int AS n FROM (${union}) u`;
      const keys = await sql`${union} ORDER BY t DESC, eid DESC LIMIT ${q.limit} OFFSET ${q.offset}`;
      const positionIds = keys.filter((k) => k.kind === 'p').map((k) => Number(k.eid));
      const positions = positionIds.length
        ? await sql`SELECT * FROM positions WHERE id = ANY(${positionIds}::bigint[])`
        : [];
      const byPosition = new Map(positions.map((r) => [Number(r.id), POSITIONS.fromRow(r)]));
      const messageIds = [
        ...keys.filter((k) => k.kind === 'm').map((k) => Number(k.eid)),
        ...positions.filter((r) => r.message_id != null).map((r) => Number(r.message_id)),
      ];
      const messages = messageIds.length
        ? await sql`SELECT * FROM messages WHERE id = ANY(${messageIds}::bigint[])`
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
      return { total: Number(count!.n), items };
    },
  };
}
