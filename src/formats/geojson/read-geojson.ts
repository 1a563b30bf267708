import type { Readable } from 'node:stream';
import { POSITION_FLAG_FIELDS, POSITION_NUMBER_FIELDS } from '../../model/position-fields.ts';
import type { PositionFields } from '../../model/records.ts';
import { FileFormatError, type FileItem, type ReadOptions } from '../import/file-item.ts';
import { parseTime } from '../native/parse-time.ts';
import { FeatureSplitter } from './split-features.ts';

type Json = Record<string, unknown>;

const TIME_KEYS = ['time', 'timestamp', 'fixTime', 'when', 'datetime'];
// Altitude comes from the coordinates' third value, not from the properties.
const NUMBER_FIELDS = POSITION_NUMBER_FIELDS.filter((f) => f !== 'altitude');
const FLAG_FIELDS = POSITION_FLAG_FIELDS;
/** Properties used for the position itself, not copied into its attributes. */
const USED = new Set([
  ...TIME_KEYS,
  ...NUMBER_FIELDS,
  ...FLAG_FIELDS,
  'altitude',
  'device',
  'deviceId',
  'coordTimes',
  'attributes',
]);

/**
 * GeoJSON: Point features with a time property (`time`, `timestamp`, …) become positions, with speed, course and
 * the other fields read from properties of the same names; LineString and MultiLineString features with one time
 * per coordinate (`coordTimes`, or `coordinateProperties.times`, as togeojson writes them) become one position
 * per coordinate. A FeatureCollection is read one feature at a time.
 */
export async function* readGeojson(input: Readable, options: ReadOptions): AsyncGenerator<FileItem> {
  const splitter = new FeatureSplitter();
  input.setEncoding('utf8');
  let first = true;
  let index = 0;
  for await (const chunk of input as AsyncIterable<string>) {
    const text = first ? chunk.replace(/^\uFEFF/, '') : chunk;
    first = false;
    for (const f of splitter.push(text))
      yield* feature(parse(f.text, `line ${f.line}`), `feature ${index++} (line ${f.line})`, options);
  }
  let rest: string | null;
  try {
    rest = splitter.rest();
  } catch (err) {
    throw new FileFormatError(`line ${splitter.line}`, `not valid JSON: ${(err as Error).message}`);
  }
  if (rest === null) return;
  const value = parse(rest, 'line 1');
  if (!isObject(value) || (value.type !== 'Feature' && value.type !== 'FeatureCollection')) {
    throw new FileFormatError('line 1', 'not GeoJSON: expected a FeatureCollection or a Feature');
  }
  const features = value.type === 'Feature' ? [value] : Array.isArray(value.features) ? value.features : [];
  for (const [i, f] of features.entries()) yield* feature(f, `feature ${i}`, options);
}

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(where, `not valid JSON: ${(err as Error).message}`);
  }
}

function* feature(value: unknown, where: string, options: ReadOptions): Generator<FileItem> {
  const skip = (reason: string): FileItem => ({ kind: 'skip', where, reason });
  if (!isObject(value) || value.type !== 'Feature' || !isObject(value.geometry)) {
    yield skip('not a Feature with a geometry');
    return;
  }
  const props = isObject(value.properties) ? value.properties : {};
  const device =
    typeof props.device === 'string' && props.device
      ? { vendor: options.device.vendor, externalId: props.device }
      : { ...options.device };
  const g = value.geometry;
  if (g.type === 'Point') {
    const timeKey = TIME_KEYS.find((k) => props[k] !== undefined);
    if (!timeKey) {
      yield skip('the point has no time property');
      return;
    }
    const fixTime = time(props[timeKey]);
    const position = fixTime === null ? null : point(g.coordinates, fixTime);
    if (!position) {
      yield {
        kind: 'reject',
        where,
        code: 'INVALID_RECORD',
        reason: `no readable coordinates and ${timeKey}`,
      };
      return;
    }
    for (const f of NUMBER_FIELDS) if (typeof props[f] === 'number') position[f] = props[f];
    for (const f of FLAG_FIELDS) if (typeof props[f] === 'boolean') position[f] = props[f];
    if (position.altitude == null && typeof props.altitude === 'number') position.altitude = props.altitude;
    const attributes: Record<string, unknown> = isObject(props.attributes) ? { ...props.attributes } : {};
    for (const [k, v] of Object.entries(props)) if (!USED.has(k)) attributes[k] = v;
    if (Object.keys(attributes).length) position.attributes = attributes;
    yield { kind: 'record', where, record: { device, position } };
    return;
  }
  if (g.type === 'LineString' || g.type === 'MultiLineString') {
    const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as unknown[];
    const coordProps = isObject(props.coordinateProperties) ? props.coordinateProperties : {};
    const rawTimes = props.coordTimes ?? coordProps.times;
    const times = (g.type === 'LineString' ? [rawTimes] : rawTimes) as unknown[] | undefined;
    if (!Array.isArray(lines) || !Array.isArray(times) || times.some((t) => !Array.isArray(t))) {
      yield skip(`the ${g.type} has no time per coordinate (coordTimes)`);
      return;
    }
    for (const [l, line] of lines.entries()) {
      const coords = Array.isArray(line) ? line : [];
      const ts = times[l] as unknown[];
      for (const [i, c] of coords.entries()) {
        const fixTime = time(ts[i]);
        const position = fixTime === null ? null : point(c, fixTime);
        if (position) yield { kind: 'record', where, record: { device, position } };
        else
          yield {
            kind: 'reject',
            where: `${where}, coordinate ${i}`,
            code: 'INVALID_RECORD',
            reason: 'no readable coordinate and time',
          };
      }
    }
    return;
  }
  yield skip(`a ${String(g.type)} is not a track`);
}

function point(coordinates: unknown, fixTime: number): PositionFields | null {
  if (!Array.isArray(coordinates) || coordinates.length < 2) return null;
  const [lon, lat, alt] = coordinates as unknown[];
  if (typeof lat !== 'number' || typeof lon !== 'number') return null;
  return { fixTime, lat, lon, ...(typeof alt === 'number' ? { altitude: alt } : {}) };
}

function time(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const t = parseTime(value);
  return typeof t === 'number' ? t : null;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
