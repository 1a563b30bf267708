import type Database from 'better-sqlite3';
import type { DeviceType } from '../../model/records.ts';
import { DEVICE_TYPE_COLUMNS, type DeviceTypePatch } from '../device-types.ts';
import { deviceTypeFromRow, type Row } from './rows.ts';

export function updateDeviceType(
  db: Database.Database,
  id: number,
  patch: DeviceTypePatch,
): DeviceType | null {
  const keys = (Object.keys(patch) as (keyof DeviceTypePatch)[]).filter((k) => patch[k] !== undefined);
  if (!keys.length) {
    const row = db.prepare('SELECT * FROM device_types WHERE id = ?').get(id) as Row | undefined;
    return row ? deviceTypeFromRow(row) : null;
  }
  const sets = keys.map((k) => `${DEVICE_TYPE_COLUMNS[k]} = @${k}`).join(', ');
  const params: Record<string, unknown> = { id };
  for (const k of keys) params[k] = k === 'attributes' ? JSON.stringify(patch[k]) : patch[k];
  const row = db.prepare(`UPDATE device_types SET ${sets} WHERE id = @id RETURNING *`).get(params) as
    Row | undefined;
  return row ? deviceTypeFromRow(row) : null;
}
