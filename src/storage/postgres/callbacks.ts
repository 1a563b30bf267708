import type { Sql } from 'postgres';
import type {
  CallbackPatch,
  CallbackStorage,
  DeliveryQuery,
  NewOutgoingCallback,
  OutgoingCallback,
} from '../callbacks.ts';
import { CALLBACKS, DELIVERIES } from '../rows/tables.ts';
import type { Delivery } from '../deliveries.ts';
import { jsonb } from './encode.ts';

export function postgresCallbacks(sql: Sql): CallbackStorage {
  const store: CallbackStorage = {
    async createCallback(input: NewOutgoingCallback): Promise<OutgoingCallback> {
      const [r] = await sql`INSERT INTO callbacks
      (group_id, device_type_id, channel, kind, subtype, config, enabled, created_at)
    VALUES (${input.groupId}, ${input.deviceTypeId ?? null}, ${input.channel}, ${input.kind},
      ${input.subtype ?? null}, ${jsonb(sql, input.config ?? {})}, ${input.enabled !== false}, ${Date.now()})
    RETURNING *`;
      return CALLBACKS.fromRow(r!);
    },
    async getCallback(id: number): Promise<OutgoingCallback | null> {
      const [r] = await sql`SELECT * FROM callbacks WHERE id = ${id}`;
      return r ? CALLBACKS.fromRow(r) : null;
    },
    async listCallbacks(q: { deviceTypeId?: number; groupId?: number }): Promise<OutgoingCallback[]> {
      const type = q.deviceTypeId ?? null;
      const group = q.groupId ?? null;
      const rows = await sql`SELECT * FROM callbacks
    WHERE (${type}::bigint IS NULL OR device_type_id = ${type})
      AND (${group}::bigint IS NULL OR group_id = ${group}) ORDER BY id`;
      return rows.map(CALLBACKS.fromRow);
    },
    async updateCallback(id: number, p: CallbackPatch): Promise<OutgoingCallback | null> {
      const [r] = await sql`UPDATE callbacks SET
      config = coalesce(${p.config === undefined ? null : jsonb(sql, p.config)}::jsonb, config),
      enabled = coalesce(${p.enabled ?? null}::boolean, enabled),
      dead = coalesce(${p.dead ?? null}::boolean, dead)
    WHERE id = ${id} RETURNING *`;
      return r ? CALLBACKS.fromRow(r) : null;
    },
    async deleteCallback(id: number): Promise<boolean> {
      return sql.begin(async (tx) => {
        await tx`DELETE FROM deliveries WHERE callback_id = ${id}`;
        const rows = await tx`DELETE FROM callbacks WHERE id = ${id}`;
        return rows.count > 0;
      });
    },
    async listDeliveries(q: DeliveryQuery): Promise<Delivery[]> {
      if (!q.callbackIds.length) return [];
      const rows = await sql`SELECT * FROM deliveries WHERE callback_id = ANY(${q.callbackIds}::bigint[])
      AND (${q.status ?? null}::text IS NULL OR status = ${q.status ?? null})
      AND (${q.deviceId ?? null}::bigint IS NULL OR device_id = ${q.deviceId ?? null})
      AND (${q.from ?? null}::bigint IS NULL OR created_at >= ${q.from ?? null})
      AND (${q.to ?? null}::bigint IS NULL OR created_at < ${q.to ?? null})
    ORDER BY created_at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset ?? 0}`;
      return rows.map(DELIVERIES.fromRow);
    },
  };
  return store;
}
