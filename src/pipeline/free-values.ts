import type { IngestRecord } from '../model/ingest.ts';

/**
 * Bounds of free values (attributes, decoded payloads): what a sender may nest there is not described by any
 * schema, and is stored as JSON. Without a bound, 10,000 levels of nesting overflow the stack of the JSON
 * serializer inside the write transaction, and one record can carry megabytes that every reader then serves.
 */
export const FREE_VALUE_MAX_DEPTH = 32;
/** Bytes of one free value written as JSON (UTF-8). */
export const FREE_VALUE_MAX_BYTES = 64 * 1024;

/**
 * Why `value` is out of bounds, or null. Depth is measured without recursion, so that the check itself cannot
 * overflow; the size is measured only once the depth is known to be small.
 */
export function freeValueProblem(value: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > FREE_VALUE_MAX_DEPTH) return `nests deeper than ${FREE_VALUE_MAX_DEPTH} levels`;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      stack.push({ value: child, depth: depth + 1 });
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  return bytes > FREE_VALUE_MAX_BYTES ? `is ${bytes} bytes as JSON, more than ${FREE_VALUE_MAX_BYTES}` : null;
}

/** The first free value of a record that is out of bounds, named by its place in the record, or null. */
export function recordFreeValueProblem(record: IngestRecord): string | null {
  const named: [string, unknown][] = [
    ['attributes', record.position?.attributes],
    ['message.attributes', record.message?.attributes],
    ['message.decoded', record.message?.decoded],
    ...(record.events ?? []).map((e, n): [string, unknown] => [`events/${n}/attributes`, e.attributes]),
  ];
  for (const [name, value] of named) {
    const problem = value == null ? null : freeValueProblem(value);
    if (problem) return `${name} ${problem}`;
  }
  return null;
}
