import type { JSONValue, Sql } from 'postgres';
import { patchColumns, type Kind, type Table } from '../rows/columns.ts';

/** A JSONB parameter. The model's `Record<string, unknown>` is JSON, but the driver's type cannot tell. */
export const jsonb = (sql: Pick<Sql, 'json'>, value: unknown) => sql.json(value as JSONValue);

/** A model value as a parameter: JSON as JSONB; booleans and numbers as they are. */
export function pgValue(sql: Pick<Sql, 'json'>, kind: Kind, value: unknown): unknown {
  return value == null ? null : kind === 'json' ? jsonb(sql, value) : value;
}

/** The columns and values an update writes, for `sql(set)`; null when `patch` sets no editable field. */
export function updateSet<T, K extends keyof T>(
  sql: Pick<Sql, 'json'>,
  table: Table<T>,
  patch: Partial<Pick<T, K>>,
  editable: readonly K[],
): Record<string, unknown> | null {
  const present = patchColumns(table, patch, editable);
  if (!present.length) return null;
  return Object.fromEntries(present.map(([c, v]) => [c.name, pgValue(sql, c.codec.kind, v)]));
}
