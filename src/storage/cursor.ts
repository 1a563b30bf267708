/** Opaque page cursors: base64url JSON, so callers cannot depend on what is inside. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class InvalidCursorError extends Error {}

export function decodeCursor<T>(cursor: string, check: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this server issued');
  }
  if (!check(value)) throw new InvalidCursorError('cursor is not one this server issued');
  return value;
}

export const isNumberPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n));

/** Ids and sequence positions: whole and never negative. */
export const isNumber = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
