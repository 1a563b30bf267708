import type { CallbackStorage } from '../callbacks.ts';
import { CALLBACKS, DELIVERIES } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteCallbacks(db: SqliteDatabase): CallbackStorage {
  return {
    async createCallback(input) {
      const r = db.get(
        `INSERT INTO callbacks (group_id, device_type_id, channel, kind, subtype, config, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        input.groupId,
        input.deviceTypeId ?? null,
        input.channel,
        input.kind,
        input.subtype ?? null,
        JSON.stringify(input.config ?? {}),
        input.enabled === false ? 0 : 1,
        Date.now(),
      );
      return CALLBACKS.fromRow(r!);
    },
    async getCallback(id) {
      const r = db.get('SELECT * FROM callbacks WHERE id = ?', id);
      return r ? CALLBACKS.fromRow(r) : null;
    },
    async listCallbacks(q) {
      return db
        .all(
          `SELECT * FROM callbacks WHERE (@type IS NULL OR device_type_id = @type)
            AND (@group IS NULL OR group_id = @group) ORDER BY id`,
          { type: q.deviceTypeId ?? null, group: q.groupId ?? null },
        )
        .map(CALLBACKS.fromRow);
    },
    async updateCallback(id, p) {
      const r = db.get(
        `UPDATE callbacks SET config = coalesce(@config, config), enabled = coalesce(@enabled, enabled),
          dead = coalesce(@dead, dead) WHERE id = @id RETURNING *`,
        {
          id,
          config: p.config === undefined ? null : JSON.stringify(p.config),
          enabled: p.enabled === undefined ? null : p.enabled ? 1 : 0,
          dead: p.dead === undefined ? null : p.dead ? 1 : 0,
        },
      );
      return r ? CALLBACKS.fromRow(r) : null;
    },
    async deleteCallback(id) {
      return db.transaction(() => {
        db.run('DELETE FROM deliveries WHERE callback_id = ?', id);
        return db.run('DELETE FROM callbacks WHERE id = ?', id).changes > 0;
      })();
    },
    async listDeliveries(q) {
      if (!q.callbackIds.length) return [];
      return db
        .all(
          `SELECT * FROM deliveries WHERE callback_id IN (SELECT value FROM json_each(@ids))
            AND (@status IS NULL OR status = @status) AND (@device IS NULL OR device_id = @device)
            AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
           ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
          {
            ids: JSON.stringify(q.callbackIds),
            status: q.status ?? null,
            device: q.deviceId ?? null,
            from: q.from ?? null,
            to: q.to ?? null,
            limit: q.limit,
            offset: q.offset ?? 0,
          },
        )
        .map(DELIVERIES.fromRow);
    },
  };
}
