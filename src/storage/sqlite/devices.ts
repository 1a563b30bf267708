import type { Device } from '../../model/records.ts';
import { decodeCursor, encodeCursor, isNumber } from '../cursor.ts';
import { deviceFromRow, deviceSettingsFromRow, LATEST_POSITION_ALIASES } from '../rows/records.ts';
import { DEVICES } from '../rows/tables.ts';
import { DEVICE_PATCH, externalKey, type DeviceStore, type ResolvedDevice } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';
import { updateSet } from './encode.ts';

export function sqliteDevices(db: SqliteDatabase): DeviceStore {
  /**
   * Devices with their external ids and latest position, found by a `WHERE` clause, in one query: the latest
   * position by the id the commit keeps on the device, the external ids aggregated per device.
   */
  const deviceRows = (where: string, params: unknown[], limit: number): Device[] =>
    db
      .all(
        `SELECT d.*, ${LATEST_POSITION_ALIASES},
           (SELECT json_group_array(json_array(e.vendor, e.external_id) ORDER BY e.vendor, e.external_id)
            FROM external_ids e WHERE e.device_id = d.id) AS external_ids
         FROM devices d JOIN groups g ON g.id = d.group_id
         LEFT JOIN positions p ON p.id = d.latest_position_id WHERE ${where} ORDER BY d.id LIMIT ?`,
        ...params,
        limit,
      )
      .map(deviceFromRow);
  const getDevice = async (id: number) => deviceRows('d.id = ?', [id], 1)[0] ?? null;
  const addExternalId = (vendor: string, externalId: string, deviceId: number | bigint) =>
    db.run(
      'INSERT INTO external_ids (vendor, external_id, device_id) VALUES (?, ?, ?)',
      vendor,
      externalId,
      deviceId,
    );

  return {
    async createDevice(input) {
      const create = db.transaction(() => {
        const { lastInsertRowid } = db.run(
          'INSERT INTO devices (group_id, type_id, name, attributes, created_at) VALUES (?, ?, ?, ?, ?)',
          input.groupId,
          input.typeId ?? null,
          input.name,
          JSON.stringify(input.attributes ?? {}),
          Date.now(),
        );
        for (const e of input.externalIds ?? []) addExternalId(e.vendor, e.externalId, lastInsertRowid);
        return Number(lastInsertRowid);
      });
      return (await getDevice(create.immediate()))!;
    },
    getDevice,
    async listDevices(query) {
      const after = query.cursor ? decodeCursor(query.cursor, isNumber) : 0;
      const where = [`g.path LIKE ? || '%'`, 'd.id > ?'];
      const params: unknown[] = [query.scope, after];
      if (query.groupId != null) {
        where.push('d.group_id = ?');
        params.push(query.groupId);
      }
      const items = deviceRows(where.join(' AND '), params, query.limit + 1);
      const more = items.length > query.limit;
      if (more) items.pop();
      return { items, next: more ? encodeCursor(items[items.length - 1]!.id) : null };
    },
    async updateDevice(id, patch) {
      const update = updateSet(DEVICES, patch, DEVICE_PATCH);
      if (update) db.run(`UPDATE devices SET ${update.set} WHERE id = ?`, ...update.values, id);
      return getDevice(id);
    },
    async resolveDevices(refs, create) {
      const resolve = db.transaction(() => {
        const found = new Map<string, ResolvedDevice>();
        const groupPath = create ? db.value('SELECT path FROM groups WHERE id = ?', create.groupId) : null;
        for (const ref of refs) {
          const key = externalKey(ref);
          if (found.has(key)) continue;
          const r = db.get(
            `SELECT e.device_id, g.path FROM external_ids e JOIN devices d ON d.id = e.device_id
             JOIN groups g ON g.id = d.group_id WHERE e.vendor = ? AND e.external_id = ?`,
            ref.vendor,
            ref.externalId,
          );
          if (r) {
            found.set(key, { deviceId: Number(r.device_id), groupPath: String(r.path), created: false });
          } else if (create && groupPath != null) {
            const { lastInsertRowid } = db.run(
              'INSERT INTO devices (group_id, name, created_at) VALUES (?, ?, ?)',
              create.groupId,
              ref.name ?? ref.externalId,
              Date.now(),
            );
            addExternalId(ref.vendor, ref.externalId, lastInsertRowid);
            found.set(key, {
              deviceId: Number(lastInsertRowid),
              groupPath: String(groupPath),
              created: true,
            });
          }
        }
        return found;
      });
      return create ? resolve.immediate() : resolve();
    },
    async devicePaths(ids) {
      const rows = db.all(
        `SELECT d.id, g.path FROM devices d JOIN groups g ON g.id = d.group_id
         WHERE d.id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(ids),
      );
      return new Map(rows.map((r) => [Number(r.id), String(r.path)]));
    },
    async deviceSettings(ids) {
      const rows = db.all(
        'SELECT id, group_id, attributes FROM devices WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(ids),
      );
      return new Map(rows.map((r) => [Number(r.id), deviceSettingsFromRow(r)]));
    },
  };
}
