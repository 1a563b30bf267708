import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { feedParser } from '../xml/feed-parser.ts';
import type { PositionFields } from '../../model/records.ts';
import { FileFormatError, type FileItem, type ReadOptions } from '../import/file-item.ts';
import { parseGpxTime } from './gpx-time.ts';

/** Children of a point read as numbers into position fields (GPX 1.0 speed is m/s). */
const NUMERIC: Record<string, keyof PositionFields> = {
  ele: 'altitude',
  course: 'course',
  sat: 'satellites',
  hdop: 'hdop',
  vdop: 'vdop',
  pdop: 'pdop',
};
/** Extension values worth keeping (Garmin TrackPointExtension and friends), by local name. */
const EXTENSION_ATTRIBUTES = new Set(['hr', 'cad', 'atemp', 'wtemp', 'depth', 'power']);

interface OpenPoint {
  tag: 'trkpt' | 'rtept' | 'wpt';
  line: number;
  lat: string | undefined;
  lon: string | undefined;
  values: Record<string, string>;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads GPX 1.0 and 1.1 as a stream: track and route points with a time become positions (points without one
 * are skipped with the reason, since a position needs a time), waypoints become places. Memory stays flat
 * whatever the file size. Broken XML ends the read with a FileFormatError naming the line.
 */
export async function* readGpx(input: Readable, options: ReadOptions): AsyncGenerator<FileItem> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: FileItem[] = [];
  const stack: string[] = [];
  let point: OpenPoint | null = null;
  let text = '';
  let trackName: string | null = null;
  let sawRoot = false;

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (!sawRoot) {
      if (name !== 'gpx')
        throw new FileFormatError(`line ${parser.line}`, `the root element is <${tag.name}>, not <gpx>`);
      sawRoot = true;
    }
    stack.push(name);
    text = '';
    if (name === 'trkpt' || name === 'rtept' || name === 'wpt') {
      const attr = (n: string) => (tag.attributes[n] as string | undefined)?.trim();
      point = { tag: name, line: parser.line, lat: attr('lat'), lon: attr('lon'), values: {} };
    } else if (name === 'trk' || name === 'rte') {
      trackName = null;
    }
  });
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    stack.pop();
    const parent = stack[stack.length - 1];
    if (point && name !== point.tag) {
      // Direct children and extension leaves of the point.
      if (parent === point.tag || EXTENSION_ATTRIBUTES.has(name) || name === 'speed' || name === 'course')
        point.values[name] ??= text.trim();
    } else if (point && name === point.tag) {
      out.push(finishPoint(point, trackName, options));
      point = null;
    } else if (name === 'name' && (parent === 'trk' || parent === 'rte')) {
      trackName = text.trim() || null;
    }
    text = '';
  });

  yield* feedParser(input, parser, out);
  if (!sawRoot) throw new FileFormatError('line 1', 'the file holds no <gpx> element');
}

function finishPoint(p: OpenPoint, trackName: string | null, options: ReadOptions): FileItem {
  const where = `line ${p.line} (<${p.tag}>)`;
  const lat = Number(p.lat);
  const lon = Number(p.lon);
  if (!p.lat || !p.lon || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return {
      kind: 'skip',
      where,
      reason: `lat "${p.lat ?? ''}" and lon "${p.lon ?? ''}" are not coordinates`,
    };
  }
  const name = p.values.name || null;
  if (p.tag === 'wpt') {
    const identifier = `gpx-${createHash('sha256').update(`${name}|${lat}|${lon}`).digest('hex').slice(0, 16)}`;
    return {
      kind: 'place',
      where,
      place: {
        identifier,
        name: name ?? `${lat},${lon}`,
        details: p.values.desc || p.values.cmt || null,
        lat,
        lon,
      },
    };
  }
  if (!p.values.time) return { kind: 'skip', where, reason: 'the point has no time' };
  const fixTime = parseGpxTime(p.values.time);
  if (fixTime === null)
    return { kind: 'skip', where, reason: `time "${p.values.time}" is not an xs:dateTime` };
  const position: PositionFields = { fixTime, lat, lon };
  const attributes: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(NUMERIC)) {
    const v = p.values[key];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    // An unreadable optional value (`<ele>bad data</ele>`) is left out; the fix itself is still good.
    if (Number.isFinite(n)) (position as unknown as Record<string, number>)[field] = n;
  }
  if (p.values.speed) {
    const mps = Number(p.values.speed);
    if (Number.isFinite(mps) && mps >= 0) position.speed = mps * 3.6;
  }
  for (const key of EXTENSION_ATTRIBUTES) {
    const n = Number(p.values[key]);
    if (p.values[key] && Number.isFinite(n)) attributes[key] = n;
  }
  if (trackName) attributes.track = trackName;
  if (name) attributes.name = name;
  if (Object.keys(attributes).length) position.attributes = attributes;
  return { kind: 'record', where, record: { device: { ...options.device }, position } };
}
