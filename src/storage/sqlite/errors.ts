import { ConflictError } from '../errors.ts';

const UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** SQLite's error as a storage error: a taken unique value is a conflict; anything else is unchanged. */
export function sqliteStorageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNIQUE.has(code) ? new ConflictError(undefined, { cause: err }) : err;
}
