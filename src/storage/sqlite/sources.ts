import { SOURCES } from '../rows/tables.ts';
import { SOURCE_PATCH, type SourceStore } from '../storage.ts';
import type { SqliteDatabase } from './database.ts';
import { updateSet } from './encode.ts';

export function sqliteSources(db: SqliteDatabase): SourceStore {
  const getSource = async (id: number) => {
    const r = db.get('SELECT * FROM sources WHERE id = ?', id);
    return r ? SOURCES.fromRow(r) : null;
  };
  return {
    async createSource(input) {
      const r = db.get(
        `INSERT INTO sources (group_id, vendor, kind, name, settings, unknown_devices, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        input.groupId,
        input.vendor,
        input.kind,
        input.name,
        JSON.stringify(input.settings ?? {}),
        input.unknownDevices ?? 'create',
        input.enabled === false ? 0 : 1,
        Date.now(),
      );
      return SOURCES.fromRow(r!);
    },
    getSource,
    async listSources(scope) {
      return db
        .all(
          `SELECT s.* FROM sources s JOIN groups g ON g.id = s.group_id WHERE g.path LIKE ? || '%' ORDER BY s.id`,
          scope,
        )
        .map(SOURCES.fromRow);
    },
    async updateSource(id, patch) {
      const update = updateSet(SOURCES, patch, SOURCE_PATCH);
      if (update) db.run(`UPDATE sources SET ${update.set} WHERE id = ?`, ...update.values, id);
      return getSource(id);
    },
    async getRateStamp(key) {
      const v = db.value('SELECT last_request_at FROM rate_stamps WHERE key = ?', key);
      return v == null ? null : Number(v);
    },
    async setRateStamp(key, time) {
      db.run(
        `INSERT INTO rate_stamps (key, last_request_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at`,
        key,
        time,
      );
    },
  };
}
