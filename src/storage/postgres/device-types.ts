import type { Sql } from 'postgres';
import type { DeviceType } from '../../model/records.ts';
import { DEVICE_TYPE_COLUMNS, type DeviceTypePatch } from '../device-types.ts';
import { deviceTypeFromRow } from '../sqlite/rows.ts';
import { jsonb } from './jsonb.ts';

export async function updateDeviceType(
  sql: Sql,
  id: number,
  patch: DeviceTypePatch,
): Promise<DeviceType | null> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch) as [keyof DeviceTypePatch, unknown][]) {
    if (v !== undefined) values[DEVICE_TYPE_COLUMNS[k]] = k === 'attributes' ? jsonb(sql, v) : v;
  }
  const [r] = Object.keys(values).length
    ? await sql`UPDATE device_types SET ${sql(values as Record<string, string>)} WHERE id = ${id} RETURNING *`
    : await sql`SELECT * FROM device_types WHERE id = ${id}`;
  return r ? deviceTypeFromRow(r) : null;
}
