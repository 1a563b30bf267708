import type { Sql } from 'postgres';
import { SOURCES } from '../rows/tables.ts';
import { SOURCE_PATCH, type SourceStore } from '../storage.ts';
import { jsonb, updateSet } from './encode.ts';

export function postgresSources(sql: Sql): SourceStore {
  const getSource = async (id: number) => {
    const [r] = await sql`SELECT * FROM sources WHERE id = ${id}`;
    return r ? SOURCES.fromRow(r) : null;
  };
  return {
    async createSource(input) {
      const [r] =
        await sql`INSERT INTO sources (group_id, vendor, kind, name, settings, unknown_devices, enabled,
          created_at)
        VALUES (${input.groupId}, ${input.vendor}, ${input.kind}, ${input.name},
          ${jsonb(sql, input.settings ?? {})}, ${input.unknownDevices ?? 'create'}, ${input.enabled !== false},
          ${Date.now()})
        RETURNING *`;
      return SOURCES.fromRow(r!);
    },
    getSource,
    async listSources(scope) {
      return (
        await sql`SELECT s.* FROM sources s JOIN groups g ON g.id = s.group_id
          WHERE g.path LIKE ${scope}::text || '%' ORDER BY s.id`
      ).map(SOURCES.fromRow);
    },
    async updateSource(id, patch) {
      const set = updateSet(sql, SOURCES, patch, SOURCE_PATCH);
      if (set) await sql`UPDATE sources SET ${sql(set)} WHERE id = ${id}`;
      return getSource(id);
    },
    async getRateStamp(key) {
      const [r] = await sql`SELECT last_request_at FROM rate_stamps WHERE key = ${key}`;
      return r ? Number(r.last_request_at) : null;
    },
    async setRateStamp(key, time) {
      await sql`INSERT INTO rate_stamps (key, last_request_at) VALUES (${key}, ${time})
        ON CONFLICT (key) DO UPDATE SET last_request_at = excluded.last_request_at`;
    },
  };
}
