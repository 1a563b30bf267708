import type { Fragment, TransactionSql } from 'postgres';
import type { Kind, Row, RowInput, Table } from '../rows/columns.ts';

/*
 * Columns travel as one array each (unnest), so the statement text, and its prepared plan, is the same for any
 * batch size. JSON goes as text and booleans as integers: the driver would serialise a null boolean as false.
 */
export const ARRAY_TYPE: Record<Kind, string> = {
  int: 'bigint',
  float: 'float8',
  text: 'text',
  bool: 'int',
  json: 'text',
};
export const CAST: Record<Kind, string> = {
  int: '',
  float: '',
  text: '',
  bool: '::boolean',
  json: '::jsonb',
};

export function arrayValue(kind: Kind, value: unknown): string | number | null {
  if (value == null) return null;
  if (kind === 'bool') return value ? 1 : 0;
  if (kind === 'json') return JSON.stringify(value);
  return typeof value === 'number' ? value : String(value);
}

/** A column the model does not have (a hash, say), with its value for each row. */
export interface ExtraColumn {
  name: string;
  kind: Kind;
  values: unknown[];
}

/**
 * Inserts rows of `table` in one statement, in input order, skipping those that clash with a unique index;
 * returns the rows inserted. Absent fields take what their codec stores for absent, as on SQLite.
 */
export async function bulkInsert<T>(
  tx: TransactionSql,
  table: Table<T>,
  rows: RowInput<T>[],
  extra: ExtraColumn[] = [],
): Promise<Row[]> {
  const columns = [
    ...table.columns.map((c) => ({
      name: c.name,
      kind: c.codec.kind,
      values: rows.map((r) => arrayValue(c.codec.kind, r[c.field] ?? c.codec.absent)),
    })),
    ...extra.map((c) => ({ ...c, values: c.values.map((v) => arrayValue(c.kind, v)) })),
  ];
  const names = columns.map((c) => c.name);
  const arrays = columns
    .map((c): Fragment => tx`${c.values}::${tx.unsafe(ARRAY_TYPE[c.kind])}[]`)
    .reduce((list, array) => tx`${list}, ${array}`);
  return tx`INSERT INTO ${tx(table.name)} (${tx.unsafe(names.join(', '))})
    SELECT ${tx.unsafe(columns.map((c) => `u.${c.name}${CAST[c.kind]}`).join(', '))}
    FROM unnest(${arrays}) WITH ORDINALITY u(${tx.unsafe(names.join(', '))}, ord)
    ORDER BY u.ord
    ON CONFLICT DO NOTHING RETURNING *`;
}
