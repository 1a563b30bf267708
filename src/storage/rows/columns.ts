/**
 * Column tables: for each entity, one list of its fields with the column and the kind of value each is held in.
 * Row mapping, update statements and insert statements of both databases are made from it, so a new field is
 * written in the model, its schema, its migrations and one line of its table.
 */

/** A row as a driver returns it. */
export type Row = Record<string, unknown>;

/**
 * How a value is held. SQLite stores booleans as 0/1 and JSON as text; PostgreSQL has BOOLEAN and JSONB, and its
 * driver returns BIGINT as a string. `int` and `float` differ only in the PostgreSQL array type of a bulk insert.
 */
export type Kind = 'int' | 'float' | 'text' | 'bool' | 'json';

export interface Codec<T> {
  readonly kind: Kind;
  /** The model value of a column value. */
  read(value: unknown): T;
  /** What an absent (undefined) input is stored as. */
  readonly absent: T | null;
}

const nullable =
  <T>(read: (v: unknown) => T) =>
  (v: unknown): T | null =>
    v == null ? null : read(v);
const toBool = (v: unknown) => v === true || (v !== false && Number(v) !== 0);
const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

export const int: Codec<number> = { kind: 'int', read: Number, absent: null };
export const intOrNull: Codec<number | null> = { kind: 'int', read: nullable(Number), absent: null };
export const float: Codec<number> = { kind: 'float', read: Number, absent: null };
export const floatOrNull: Codec<number | null> = { kind: 'float', read: nullable(Number), absent: null };
export const text: Codec<string> = { kind: 'text', read: String, absent: null };
export const textOrNull: Codec<string | null> = { kind: 'text', read: nullable(String), absent: null };
export const boolOrNull: Codec<boolean | null> = { kind: 'bool', read: nullable(toBool), absent: null };

/** Text limited to the values of a union type (the database checks them; the model names them). */
export const oneOf = <T extends string>(): Codec<T> => ({
  kind: 'text',
  read: (v) => String(v) as T,
  absent: null,
});
export const oneOfOrNull = <T extends string>(): Codec<T | null> => ({
  kind: 'text',
  read: (v) => (v == null ? null : (String(v) as T)),
  absent: null,
});

/** A boolean that reads as `fallback` when null and is stored as `fallback` when absent. */
export const bool = (fallback: boolean): Codec<boolean> => ({
  kind: 'bool',
  read: (v) => (v == null ? fallback : toBool(v)),
  absent: fallback,
});

/** JSON; `fallback` when null, and what an absent input is stored as. */
export const json = <T>(fallback: T): Codec<T> => ({
  kind: 'json',
  read: (v) => (v == null ? fallback : (parse(v) as T)),
  absent: fallback,
});

/** Input values of a row: a field left out, or null where the model has a fallback, takes the fallback. */
export type RowInput<T> = { [K in keyof T]?: T[K] | null };

export interface Column<T, K extends keyof T = keyof T> {
  readonly field: K;
  readonly name: string;
  readonly codec: Codec<T[K]>;
}

/** Every field of `T` with its codec, and the column name where it is not the field's snake_case. */
export type ColumnSpec<T> = { readonly [K in keyof T]-?: Codec<T[K]> | readonly [string, Codec<T[K]>] };

export interface Table<T> {
  readonly name: string;
  readonly columns: readonly Column<T>[];
  /** The column of a field. */
  column(field: keyof T): Column<T>;
  /** The model value of a row. */
  fromRow(row: Row): T;
  /** The model value of columns aliased with a prefix (`p_lat`) in a row of a join. */
  fromPrefixed(row: Row, prefix: string): T;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function defineTable<T>(name: string, spec: ColumnSpec<T>): Table<T> {
  const columns = (Object.keys(spec) as (keyof T & string)[]).map((field): Column<T> => {
    const s = spec[field];
    return 'kind' in s ? { field, name: snake(field), codec: s } : { field, name: s[0], codec: s[1] };
  });
  const byField = new Map(columns.map((c) => [c.field, c]));
  const fromPrefixed = (row: Row, prefix: string): T => {
    const out: Partial<T> = {};
    for (const c of columns) out[c.field] = c.codec.read(row[prefix + c.name]);
    // Complete: the spec has every key of T.
    return out as T;
  };
  return {
    name,
    columns,
    column: (field) => byField.get(field)!,
    fromRow: (row) => fromPrefixed(row, ''),
    fromPrefixed,
  };
}

/**
 * The fields of `patch` that are set (not undefined) and editable, with their columns: what an update writes.
 * `editable` guards against fields a caller's object carries beyond its type (a request body, say).
 */
export function patchColumns<T, K extends keyof T>(
  table: Table<T>,
  patch: Partial<Pick<T, K>>,
  editable: readonly K[],
): [Column<T>, unknown][] {
  return editable.filter((f) => patch[f] !== undefined).map((f) => [table.column(f), patch[f]]);
}
