import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { FileItem } from '../import/file-item.ts';
import { parseRecord } from './parse-records.ts';

/** NDJSON of ingest records, one per line, read line by line; a broken line is one rejected record. */
export async function* readNdjson(input: Readable): AsyncGenerator<FileItem> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    const where = `line ${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { kind: 'reject', where, code: 'INVALID_RECORD', reason: 'not valid JSON' };
      continue;
    }
    const parsed = parseRecord(value);
    if (parsed.ok) yield { kind: 'record', where, record: parsed.record };
    else yield { kind: 'reject', where, code: parsed.code, reason: parsed.reason };
  }
}
