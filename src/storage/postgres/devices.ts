import type { Fragment, Sql } from 'postgres';
import type { Device } from '../../model/records.ts';
import { decodeCursor, encodeCursor, isNumber } from '../cursor.ts';
import { deviceFromRow, deviceSettingsFromRow, LATEST_POSITION_ALIASES } from '../rows/records.ts';
import { DEVICES } from '../rows/tables.ts';
import { UNIQUE_VIOLATION } from './errors.ts';
import {
  DEVICE_PATCH,
  externalKey,
  type DevicePatch,
  type DeviceStore,
  type DeviceQuery,
  type ExternalRef,
  type NewDevice,
  type Page,
  type ResolvedDevice,
} from '../storage.ts';
import { jsonb, updateSet } from './encode.ts';

/**
 * Devices with their external ids and latest position, found by a `WHERE` fragment, in one query: the latest
 * position by the id and fix time the commit keeps on the device, the external ids aggregated per device.
 */
async function deviceRows(sql: Sql, where: Fragment, limit: number): Promise<Device[]> {
  const rows = await sql`SELECT d.*, ${sql.unsafe(LATEST_POSITION_ALIASES)},
      (SELECT coalesce(json_agg(json_build_array(e.vendor, e.external_id) ORDER BY e.vendor, e.external_id), '[]')
       FROM external_ids e WHERE e.device_id = d.id)::text AS external_ids
    FROM devices d JOIN groups g ON g.id = d.group_id
    LEFT JOIN positions p ON p.id = d.latest_position_id AND p.fix_time = d.latest_fix_time
    WHERE ${where} ORDER BY d.id LIMIT ${limit}`;
  return rows.map(deviceFromRow);
}

export function postgresDevices(sql: Sql): DeviceStore {
  const store: DeviceStore = {
    async createDevice(input: NewDevice): Promise<Device> {
      const id = await sql.begin(async (tx) => {
        const [row] = await tx`INSERT INTO devices (group_id, type_id, name, attributes, created_at)
      VALUES (${input.groupId}, ${input.typeId ?? null}, ${input.name}, ${jsonb(tx, input.attributes ?? {})}, ${Date.now()})
      RETURNING id`;
        const ext = input.externalIds ?? [];
        if (ext.length) {
          await tx`INSERT INTO external_ids (vendor, external_id, device_id)
        SELECT vendor, external_id, ${row!.id}::bigint
        FROM unnest(${ext.map((e) => e.vendor)}::text[], ${ext.map((e) => e.externalId)}::text[]) u(vendor, external_id)`;
        }
        return Number(row!.id);
      });
      return (await store.getDevice(id))!;
    },
    async getDevice(id: number): Promise<Device | null> {
      return (await deviceRows(sql, sql`d.id = ${id}`, 1))[0] ?? null;
    },
    async listDevices(query: DeviceQuery): Promise<Page<Device>> {
      const after = query.cursor ? decodeCursor(query.cursor, isNumber) : 0;
      const where = sql`g.path LIKE ${query.scope}::text || '%' AND d.id > ${after}
    ${query.groupId != null ? sql`AND d.group_id = ${query.groupId}` : sql``}`;
      const items = await deviceRows(sql, where, query.limit + 1);
      const more = items.length > query.limit;
      if (more) items.pop();
      return { items, next: more ? encodeCursor(items[items.length - 1]!.id) : null };
    },
    async updateDevice(id: number, patch: DevicePatch): Promise<Device | null> {
      const set = updateSet(sql, DEVICES, patch, DEVICE_PATCH);
      if (set) await sql`UPDATE devices SET ${sql(set)} WHERE id = ${id}`;
      return store.getDevice(id);
    },
    /**
     * Finds devices by external identity and creates the missing ones. Two processes may create the same identity at
     * once: the external id's primary key lets one win, and the other's device insert is rolled back to a savepoint.
     */
    async resolveDevices(
      refs: ExternalRef[],
      create: { groupId: number } | null,
    ): Promise<Map<string, ResolvedDevice>> {
      const found = new Map<string, ResolvedDevice>();
      const unique = [...new Map(refs.map((r) => [externalKey(r), r])).values()];
      if (!unique.length) return found;
      const lookup = async () => {
        const rows = await sql`SELECT e.vendor, e.external_id, e.device_id, g.path
      FROM unnest(${unique.map((r) => r.vendor)}::text[], ${unique.map((r) => r.externalId)}::text[]) u(vendor, external_id)
      JOIN external_ids e ON e.vendor = u.vendor AND e.external_id = u.external_id
      JOIN devices d ON d.id = e.device_id JOIN groups g ON g.id = d.group_id`;
        for (const r of rows) {
          const key = externalKey({ vendor: String(r.vendor), externalId: String(r.external_id) });
          if (!found.has(key))
            found.set(key, { deviceId: Number(r.device_id), groupPath: String(r.path), created: false });
        }
      };
      await lookup();
      const missing = unique.filter((r) => !found.has(externalKey(r)));
      if (!create || !missing.length) return found;
      await sql.begin(async (tx) => {
        const [group] = await tx`SELECT path FROM groups WHERE id = ${create.groupId}`;
        if (!group) return;
        for (const ref of missing) {
          await tx
            .savepoint(async (sp) => {
              const [device] = await sp`INSERT INTO devices (group_id, name, created_at)
          VALUES (${create.groupId}, ${ref.name ?? ref.externalId}, ${Date.now()}) RETURNING id`;
              await sp`INSERT INTO external_ids (vendor, external_id, device_id)
          VALUES (${ref.vendor}, ${ref.externalId}, ${device!.id})`;
              found.set(externalKey(ref), {
                deviceId: Number(device!.id),
                groupPath: String(group.path),
                created: true,
              });
            })
            .catch((e: { code?: string }) => {
              if (e.code !== UNIQUE_VIOLATION) throw e;
            });
        }
      });
      // Identities another process created meanwhile.
      if (missing.some((r) => !found.has(externalKey(r)))) await lookup();
      return found;
    },
    async devicePaths(ids: number[]) {
      const rows = await sql`SELECT d.id, g.path FROM devices d JOIN groups g ON g.id = d.group_id
    WHERE d.id = ANY(${ids}::bigint[])`;
      return new Map(rows.map((r) => [Number(r.id), String(r.path)]));
    },
    async deviceSettings(ids: number[]) {
      const rows = await sql`SELECT id, group_id, attributes FROM devices WHERE id = ANY(${ids}::bigint[])`;
      return new Map(rows.map((r) => [Number(r.id), deviceSettingsFromRow(r)]));
    },
  };
  return store;
}
