import { DEVICE_TYPE_PATCH, type DeviceTypeStorage } from '../device-types.ts';
import { DEVICE_TYPES } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';
import { updateSet } from './encode.ts';

export function sqliteDeviceTypes(db: SqliteDatabase): DeviceTypeStorage {
  const getDeviceType = async (id: number) => {
    const r = db.get('SELECT * FROM device_types WHERE id = ?', id);
    return r ? DEVICE_TYPES.fromRow(r) : null;
  };
  return {
    async createDeviceType(input) {
      const r = db.get(
        `INSERT INTO device_types (group_id, name, description, keep_alive, payload_type, payload_config,
           downlink_mode, downlink_data, alert_email, attributes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        input.groupId,
        input.name,
        input.description ?? '',
        input.keepAlive ?? 0,
        input.payloadType ?? 'none',
        input.payloadConfig ?? null,
        input.downlinkMode ?? null,
        input.downlinkData ?? null,
        input.alertEmail ?? null,
        JSON.stringify(input.attributes ?? {}),
        Date.now(),
      );
      return DEVICE_TYPES.fromRow(r!);
    },
    getDeviceType,
    async listDeviceTypes(scope) {
      return db
        .all(
          `SELECT t.* FROM device_types t JOIN groups g ON g.id = t.group_id WHERE g.path LIKE ? || '%' ORDER BY t.id`,
          scope,
        )
        .map(DEVICE_TYPES.fromRow);
    },
    async updateDeviceType(id, patch) {
      const update = updateSet(DEVICE_TYPES, patch, DEVICE_TYPE_PATCH);
      if (!update) return getDeviceType(id);
      const r = db.get(
        `UPDATE device_types SET ${update.set} WHERE id = ? RETURNING *`,
        ...update.values,
        id,
      );
      return r ? DEVICE_TYPES.fromRow(r) : null;
    },
  };
}
