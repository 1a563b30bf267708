import type { JSONValue, Sql } from 'postgres';

/** A JSONB parameter. The model's `Record<string, unknown>` is JSON, but the driver's type cannot tell. */
export const jsonb = (sql: Pick<Sql, 'json'>, value: unknown) => sql.json(value as JSONValue);
