import { CsvError, parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { POSITION_FLAG_FIELDS, POSITION_NUMBER_FIELDS } from '../../model/position-fields.ts';
import type { PositionFields } from '../../model/records.ts';
import { parseTime } from '../native/parse-time.ts';
import { FileFormatError, type FileItem, type ReadOptions } from '../import/file-item.ts';
import { CSV_ALIASES } from './columns.ts';

const NUMBER_FIELDS = POSITION_NUMBER_FIELDS;
/** Characters of one CSV row at most (a quoted field can otherwise grow to the whole file). */
export const MAX_ROW_CHARS = 256 * 1024;
const FLAG_FIELDS = POSITION_FLAG_FIELDS;

/**
 * CSV with a header row, streamed. Columns are found by header name (see CSV_ALIASES; case and surrounding space
 * do not matter), the separator (comma, semicolon or tab) from the header line. `time` and `lat`/`lon` are
 * needed; a `device` column names the device of each row, else the file's device is used. Columns that are not
 * position fields are kept as attributes.
 */
export async function* readCsv(input: Readable, options: ReadOptions): AsyncGenerator<FileItem> {
  const parser = parse({
    delimiter: [',', ';', '\t'],
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    // A row is a position: one larger than this is not one, and is not held in memory while it grows.
    max_record_size: MAX_ROW_CHARS,
  });
  // pipe() does not pass on the input's failure (a broken upload, the body limit): the parser would wait forever.
  input.once('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let columns: Map<string, number> | null = null;
  let header: string[] = [];
  try {
    for await (const { record: row, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      if (!columns) {
        header = row;
        columns = mapColumns(row);
        continue;
      }
      yield readRow(row, header, columns, `line ${line}`, options);
    }
  } catch (err) {
    // Every csv-parse failure is the file's (its codes, e.g. INVALID_OPENING_QUOTE, carry no common prefix).
    if (!(err instanceof CsvError)) throw err;
    const lines = typeof err.lines === 'number' ? err.lines : '?';
    throw new FileFormatError(`line ${lines}`, `not readable as CSV: ${err.message}`);
  }
  if (!columns) throw new FileFormatError('line 1', 'the file is empty: a CSV needs a header row');
}

function mapColumns(header: string[]): Map<string, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const columns = new Map<string, number>();
  for (const [field, aliases] of Object.entries(CSV_ALIASES)) {
    const i = aliases.map((a) => names.indexOf(a)).find((n) => n >= 0);
    if (i !== undefined) columns.set(field, i);
  }
  const missing = ['time', 'lat', 'lon'].filter((f) => !columns.has(f));
  if (missing.length) {
    throw new FileFormatError(
      'line 1',
      `the header names no ${missing.join(', ')} column (found: ${header.join(', ')}); ` +
        `accepted names: ${missing.map((f) => CSV_ALIASES[f]!.join('/')).join('; ')}`,
    );
  }
  return columns;
}

function readRow(
  row: string[],
  header: string[],
  columns: Map<string, number>,
  where: string,
  options: ReadOptions,
): FileItem {
  const cell = (field: string) => {
    const i = columns.get(field);
    return i === undefined ? '' : (row[i] ?? '');
  };
  const reject = (reason: string): FileItem => ({ kind: 'reject', where, code: 'INVALID_RECORD', reason });
  const lat = Number(cell('lat'));
  const lon = Number(cell('lon'));
  if (cell('lat') === '' || cell('lon') === '' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return reject(`lat "${cell('lat')}" and lon "${cell('lon')}" are not coordinates`);
  }
  const timeText = cell('time');
  const fixTime = parseTime(/^\d+$/.test(timeText) ? Number(timeText) : timeText);
  if (typeof fixTime === 'object') return reject(`time: ${fixTime.error}`);
  const position: PositionFields = { fixTime, lat, lon };
  for (const f of NUMBER_FIELDS) {
    const text = cell(f);
    if (text === '') continue;
    const n = Number(text);
    if (!Number.isFinite(n)) return reject(`${f} "${text}" is not a number`);
    position[f] = n;
  }
  for (const f of FLAG_FIELDS) {
    const text = cell(f).toLowerCase();
    if (text !== '') position[f] = text === 'true' || text === '1';
  }
  const attributes: Record<string, unknown> = {};
  if (cell('attributes')) {
    try {
      Object.assign(attributes, JSON.parse(cell('attributes')));
    } catch {
      return reject('the attributes column is not a JSON object');
    }
  }
  const known = new Set(columns.values());
  header.forEach((name, i) => {
    if (!known.has(i) && name && (row[i] ?? '') !== '' && name.toLowerCase() !== 'deviceid')
      attributes[name] = row[i];
  });
  if (Object.keys(attributes).length) position.attributes = attributes;
  const device = cell('device')
    ? { vendor: options.device.vendor, externalId: cell('device') }
    : { ...options.device };
  return { kind: 'record', where, record: { device, position } };
}
