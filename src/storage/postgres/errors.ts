import { ConflictError } from '../errors.ts';

/** PostgreSQL's unique_violation (SQLSTATE class 23, integrity constraint violation). */
export const UNIQUE_VIOLATION = '23505';

/** PostgreSQL's error as a storage error: a taken unique value is a conflict; anything else is unchanged. */
export function postgresStorageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return code === UNIQUE_VIOLATION ? new ConflictError(undefined, { cause: err }) : err;
}
