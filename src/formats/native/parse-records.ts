import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { IngestRecord } from '../../model/ingest.ts';
import type { EventType } from '../../model/records.ts';
import { RETRACTED } from '../../model/retraction.ts';
import { parseTime } from './parse-time.ts';
import { WireRecord } from './wire-record.ts';

const check = TypeCompiler.Compile(WireRecord);

export type ParsedRecord = { ok: true; record: IngestRecord } | { ok: false; code: string; reason: string };

export class BodyParseError extends Error {}

/**
 * More records in one request than a batch should hold. Each record costs its outcome, its error entry in the
 * answer and its share of one transaction: a 9 MB body of `[1,1,…]` (4.7 million records, each rejected) held
 * 3.7 GB and blocked the hub for a minute. Checked before parsing.
 */
export class TooManyRecordsError extends Error {}

/** Records one ingest request may carry: ten of the usual batches of 1,000. */
export const MAX_RECORDS = 10_000;

/**
 * Deepest nesting of JSON read at all. A record needs a few levels and its free values 32 (see
 * pipeline/free-values.ts), which are checked per record after parsing; text nested deeper than this is refused
 * before parsing, since parsing it builds as many objects as it has levels (10 MB of `{"a":` is a million).
 */
export const MAX_JSON_DEPTH = 1000;

/** Whether JSON text nests deeper than `limit`, by one pass over it: brackets outside strings. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  return scanJson(text, limit).tooDeep;
}

/**
 * One pass over JSON text, brackets and commas outside strings: whether it nests deeper than `limit`, and the
 * number of commas at the top level (a top-level array of n values has n - 1).
 */
export function scanJson(text: string, limit: number): { tooDeep: boolean; topLevelCommas: number } {
  let depth = 0;
  let inString = false;
  let topLevelCommas = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return { tooDeep: true, topLevelCommas };
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) topLevelCommas++;
  }
  return { tooDeep: false, topLevelCommas };
}

/**
 * Splits a body into wire values: a JSON array (or one object) or NDJSON. A JSON body that does not parse is an
 * error for the whole request; in NDJSON a broken line is one rejected record, and the rest still count. More
 * than `maxRecords` values is a TooManyRecordsError, found before anything is parsed.
 */
export function splitBody(
  body: string,
  ndjson: boolean,
  maxRecords = MAX_RECORDS,
): (unknown | { lineError: string })[] {
  const tooMany = () =>
    new TooManyRecordsError(`more than ${maxRecords} records in one request: send them in batches`);
  if (!ndjson) {
    const scan = scanJson(body, MAX_JSON_DEPTH);
    if (scan.tooDeep) {
      throw new BodyParseError(`body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (body.trimStart().startsWith('[') && scan.topLevelCommas >= maxRecords) throw tooMany();
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      throw new BodyParseError(`body is not valid JSON: ${(err as Error).message}`);
    }
    if (Array.isArray(value)) return value;
    if (value && typeof value === 'object') return [value];
    throw new BodyParseError('body must be a JSON array of records or one record object');
  }
  const lines = body.split('\n');
  if (lines.length > maxRecords && lines.filter((line) => line.trim()).length > maxRecords) throw tooMany();
  const values: unknown[] = [];
  let parsedAny = false;
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    if (nestsDeeperThan(line, MAX_JSON_DEPTH)) {
      values.push({ lineError: `line ${n + 1} nests deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    try {
      values.push(JSON.parse(line));
      parsedAny = true;
    } catch {
      values.push({ lineError: `line ${n + 1} is not valid JSON` });
    }
  });
  if (values.length && !parsedAny) throw new BodyParseError('no line of the NDJSON body is valid JSON');
  return values;
}

const isLineError = (v: unknown): v is { lineError: string } =>
  typeof v === 'object' && v !== null && 'lineError' in v && Object.keys(v).length === 1;

/** Turns one wire value into an ingest record, or says precisely what is wrong with it. */
export function parseRecord(value: unknown): ParsedRecord {
  if (isLineError(value)) return { ok: false, code: 'INVALID_RECORD', reason: value.lineError };
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    const where = first?.path || '(record)';
    return { ok: false, code: 'INVALID_RECORD', reason: `${where}: ${first?.message ?? 'invalid'}` };
  }
  const w = value;
  const hasExternal = w.vendor !== undefined || w.externalId !== undefined;
  if (w.deviceId !== undefined && hasExternal) {
    return invalid('give deviceId, or vendor and externalId, not both');
  }
  if (w.deviceId === undefined && (w.vendor === undefined || w.externalId === undefined)) {
    return invalid('name the device with deviceId, or with vendor and externalId');
  }
  const device =
    w.deviceId !== undefined
      ? { deviceId: w.deviceId }
      : { vendor: w.vendor!, externalId: w.externalId!, ...(w.name ? { name: w.name } : {}) };

  const fixTime = w.fixTime === undefined ? undefined : parseTime(w.fixTime);
  if (typeof fixTime === 'object')
    return { ok: false, code: 'INVALID_TIME', reason: `fixTime: ${fixTime.error}` };
  const hasPosition = w.lat !== undefined || w.lon !== undefined;
  if (hasPosition && (w.lat === undefined || w.lon === undefined || fixTime === undefined)) {
    return invalid('a position needs fixTime, lat and lon together');
  }
  const record: IngestRecord = { device };
  if (hasPosition) {
    const { deviceId: _d, vendor: _v, externalId: _e, name: _n, message: _m, events: _ev, ...fields } = w;
    record.position = { ...fields, fixTime: fixTime!, lat: w.lat!, lon: w.lon! };
  }
  if (w.message) {
    const m = w.message;
    const deviceTime = m.deviceTime === undefined ? fixTime : parseTime(m.deviceTime);
    if (deviceTime === undefined) return invalid('a message needs message.deviceTime or the record fixTime');
    if (typeof deviceTime === 'object') {
      return { ok: false, code: 'INVALID_TIME', reason: `message.deviceTime: ${deviceTime.error}` };
    }
    record.message = {
      deviceTime,
      sourceMessageId: m.id ?? null,
      messageType: m.type ?? null,
      payload: m.payload ?? null,
      payloadEncoding: m.payloadEncoding ?? null,
      radio: m.radio ?? null,
      decoded: m.decoded ?? null,
      attributes: m.attributes ?? {},
    };
  }
  if (w.events) {
    const events = [];
    for (const [n, e] of w.events.entries()) {
      const time = e.time === undefined ? (fixTime ?? record.message?.deviceTime) : parseTime(e.time);
      if (time === undefined) return invalid(`events/${n} needs a time, or the record a fixTime`);
      // Retractions delete what they name: only derivation writes them (see model/retraction.ts).
      if (e.type === RETRACTED)
        return {
          ok: false,
          code: 'INVALID_EVENT',
          reason: `events/${n}: ${RETRACTED} is written by Trackway only`,
        };
      if (typeof time === 'object')
        return { ok: false, code: 'INVALID_TIME', reason: `events/${n}/time: ${time.error}` };
      events.push({ type: e.type as EventType, time, key: e.key ?? null, attributes: e.attributes ?? {} });
    }
    record.events = events;
  }
  return { ok: true, record };
}

const invalid = (reason: string): ParsedRecord => ({ ok: false, code: 'INVALID_RECORD', reason });
