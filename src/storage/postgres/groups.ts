import type { Sql } from 'postgres';
import { GROUPS } from '../rows/tables.ts';
import { GROUP_PATCH, type GroupStore } from '../storage.ts';
import { jsonb, updateSet } from './encode.ts';

export function postgresGroups(sql: Sql): GroupStore {
  const getGroup = async (id: number) => {
    const [r] = await sql`SELECT * FROM groups WHERE id = ${id}`;
    return r ? GROUPS.fromRow(r) : null;
  };
  return {
    async createGroup(input) {
      const id = await sql.begin(async (tx) => {
        const parent =
          input.parentId == null ? null : (await tx`SELECT path FROM groups WHERE id = ${input.parentId}`)[0];
        if (input.parentId != null && !parent)
          throw new Error(`parent group ${input.parentId} does not exist`);
        // The path holds the new id, so the id is drawn first.
        const [{ id }] =
          (await tx`SELECT nextval(pg_get_serial_sequence('groups', 'id')) AS id`) as unknown as [
            { id: string },
          ];
        await tx`INSERT INTO groups (id, parent_id, name, path, unknown_devices, retention_days, attributes,
            created_at)
          VALUES (${id}, ${input.parentId}, ${input.name}, ${`${parent ? String(parent.path) : '/'}${id}/`},
            ${input.unknownDevices ?? 'create'}, ${input.retentionDays ?? null},
            ${jsonb(tx, input.attributes ?? {})}, ${Date.now()})`;
        return Number(id);
      });
      return (await getGroup(id))!;
    },
    getGroup,
    async listGroups(scope) {
      return (await sql`SELECT * FROM groups WHERE path LIKE ${scope}::text || '%' ORDER BY path`).map(
        GROUPS.fromRow,
      );
    },
    async updateGroup(id, patch) {
      const set = updateSet(sql, GROUPS, patch, GROUP_PATCH);
      if (set) await sql`UPDATE groups SET ${sql(set)} WHERE id = ${id}`;
      return getGroup(id);
    },
    async groupPaths(ids) {
      const rows = await sql`SELECT id, path FROM groups WHERE id = ANY(${ids}::bigint[])`;
      return new Map(rows.map((r) => [Number(r.id), String(r.path)]));
    },
  };
}
