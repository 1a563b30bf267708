import { patchColumns, type Kind, type Row, type RowInput, type Table } from '../rows/columns.ts';

/** A model value as SQLite holds it: booleans as 0/1, JSON as text. */
export function sqliteValue(kind: Kind, value: unknown): unknown {
  if (value == null) return null;
  if (kind === 'bool') return value ? 1 : 0;
  if (kind === 'json') return JSON.stringify(value);
  return value;
}

/** A row of `table` for named parameters (`@column`); absent fields get what their codec stores for absent. */
export function sqliteRow<T>(table: Table<T>, values: RowInput<T>): Row {
  const row: Row = {};
  for (const c of table.columns) row[c.name] = sqliteValue(c.codec.kind, values[c.field] ?? c.codec.absent);
  return row;
}

/** `INSERT INTO table (every column, extra...) VALUES (@every, @column...)` for a row of `sqliteRow`. */
export function insertSql<T>(table: Table<T>, extra: string[] = []): string {
  const names = [...table.columns.map((c) => c.name), ...extra];
  return `INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`;
}

/** The SET clause and values of an update writing the fields of `patch` that are set; null when none is. */
export function updateSet<T, K extends keyof T>(
  table: Table<T>,
  patch: Partial<Pick<T, K>>,
  editable: readonly K[],
): { set: string; values: unknown[] } | null {
  const present = patchColumns(table, patch, editable);
  if (!present.length) return null;
  return {
    set: present.map(([c]) => `${c.name} = ?`).join(', '),
    values: present.map(([c, v]) => sqliteValue(c.codec.kind, v)),
  };
}
