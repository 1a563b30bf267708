import type { Sql } from 'postgres';
import { DEVICE_TYPE_PATCH, type DeviceTypeStorage } from '../device-types.ts';
import { DEVICE_TYPES } from '../rows/tables.ts';
import { jsonb, updateSet } from './encode.ts';

export function postgresDeviceTypes(sql: Sql): DeviceTypeStorage {
  const getDeviceType = async (id: number) => {
    const [r] = await sql`SELECT * FROM device_types WHERE id = ${id}`;
    return r ? DEVICE_TYPES.fromRow(r) : null;
  };
  return {
    async createDeviceType(input) {
      const [r] = await sql`INSERT INTO device_types (group_id, name, description, keep_alive, payload_type,
          payload_config, downlink_mode, downlink_data, alert_email, attributes, created_at)
        VALUES (${input.groupId}, ${input.name}, ${input.description ?? ''}, ${input.keepAlive ?? 0},
          ${input.payloadType ?? 'none'}, ${input.payloadConfig ?? null}, ${input.downlinkMode ?? null},
          ${input.downlinkData ?? null}, ${input.alertEmail ?? null}, ${jsonb(sql, input.attributes ?? {})},
          ${Date.now()})
        RETURNING *`;
      return DEVICE_TYPES.fromRow(r!);
    },
    getDeviceType,
    async listDeviceTypes(scope) {
      return (
        await sql`SELECT t.* FROM device_types t JOIN groups g ON g.id = t.group_id
          WHERE g.path LIKE ${scope}::text || '%' ORDER BY t.id`
      ).map(DEVICE_TYPES.fromRow);
    },
    async updateDeviceType(id, patch) {
      const set = updateSet(sql, DEVICE_TYPES, patch, DEVICE_TYPE_PATCH);
      if (!set) return getDeviceType(id);
      const [r] = await sql`UPDATE device_types SET ${sql(set)} WHERE id = ${id} RETURNING *`;
      return r ? DEVICE_TYPES.fromRow(r) : null;
    },
  };
}
