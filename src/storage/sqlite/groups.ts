import { GROUP_PATCH, type GroupStore } from '../storage.ts';
import { GROUPS } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';
import { updateSet } from './encode.ts';

export function sqliteGroups(db: SqliteDatabase): GroupStore {
  const getGroup = async (id: number) => {
    const r = db.get('SELECT * FROM groups WHERE id = ?', id);
    return r ? GROUPS.fromRow(r) : null;
  };
  return {
    async createGroup(input) {
      const create = db.transaction(() => {
        const parent =
          input.parentId == null ? null : db.value('SELECT path FROM groups WHERE id = ?', input.parentId);
        if (input.parentId != null && parent == null) {
          throw new Error(`parent group ${input.parentId} does not exist`);
        }
        const { lastInsertRowid } = db.run(
          `INSERT INTO groups (parent_id, name, path, unknown_devices, retention_days, attributes, created_at)
           VALUES (?, ?, '', ?, ?, ?, ?)`,
          input.parentId,
          input.name,
          input.unknownDevices ?? 'create',
          input.retentionDays ?? null,
          JSON.stringify(input.attributes ?? {}),
          Date.now(),
        );
        const id = Number(lastInsertRowid);
        db.run(
          'UPDATE groups SET path = ? WHERE id = ?',
          `${parent == null ? '/' : String(parent)}${id}/`,
          id,
        );
        return id;
      });
      return (await getGroup(create.immediate()))!;
    },
    getGroup,
    async listGroups(scope) {
      return db.all(`SELECT * FROM groups WHERE path LIKE ? || '%' ORDER BY path`, scope).map(GROUPS.fromRow);
    },
    async updateGroup(id, patch) {
      const update = updateSet(GROUPS, patch, GROUP_PATCH);
      if (update) db.run(`UPDATE groups SET ${update.set} WHERE id = ?`, ...update.values, id);
      return getGroup(id);
    },
    async groupPaths(ids) {
      const rows = db.all(
        'SELECT id, path FROM groups WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(ids),
      );
      return new Map(rows.map((r) => [Number(r.id), String(r.path)]));
    },
  };
}
