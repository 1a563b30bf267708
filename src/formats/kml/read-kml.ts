import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { feedParser } from '../xml/feed-parser.ts';
import { FileFormatError, type FileItem, type ReadOptions } from '../import/file-item.ts';
import { parseGpxTime } from '../gpx/gpx-time.ts';

const local = (name: string) => name.slice(name.indexOf(':') + 1);

interface Placemark {
  line: number;
  name: string | null;
  description: string | null;
  when: string | null;
  point: string | null;
}

/**
 * KML 2.2, streamed: a gx:Track becomes one position per `when`/`gx:coord` pair; a Placemark's Point with a
 * TimeStamp becomes a position, one without a time a place; lines without times are skipped with the reason.
 * Broken XML ends the read with a FileFormatError naming the line.
 */
export async function* readKml(input: Readable, options: ReadOptions): AsyncGenerator<FileItem> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: FileItem[] = [];
  const stack: string[] = [];
  let text = '';
  let placemark: Placemark | null = null;
  let track: { line: number; whens: string[]; coords: string[] } | null = null;
  let sawRoot = false;

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (!sawRoot) {
      if (name !== 'kml')
        throw new FileFormatError(`line ${parser.line}`, `the root element is <${tag.name}>, not <kml>`);
      sawRoot = true;
    }
    stack.push(name);
    text = '';
    if (name === 'Placemark')
      placemark = { line: parser.line, name: null, description: null, when: null, point: null };
    else if (name === 'Track') track = { line: parser.line, whens: [], coords: [] };
    else if (name === 'LineString' && !track) {
      out.push({
        kind: 'skip',
        where: `line ${parser.line} (<LineString>)`,
        reason: 'a line without times is not a track',
      });
    }
  });
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    stack.pop();
    const parent = stack[stack.length - 1];
    const value = text.trim();
    text = '';
    if (track && name === 'when') track.whens.push(value);
    else if (track && name === 'coord') track.coords.push(value);
    else if (name === 'Track' && track) {
      out.push(...trackItems(track, options));
      track = null;
    } else if (placemark && name === 'name' && parent === 'Placemark') placemark.name = value || null;
    else if (placemark && name === 'description' && parent === 'Placemark')
      placemark.description = value || null;
    else if (placemark && name === 'when' && parent === 'TimeStamp') placemark.when = value;
    else if (placemark && name === 'coordinates' && parent === 'Point') placemark.point = value;
    else if (name === 'Placemark' && placemark) {
      const item = placemarkItem(placemark, options);
      if (item) out.push(item);
      placemark = null;
    }
  });

  yield* feedParser(input, parser, out);
  if (!sawRoot) throw new FileFormatError('line 1', 'the file holds no <kml> element');
}

function trackItems(
  t: { line: number; whens: string[]; coords: string[] },
  options: ReadOptions,
): FileItem[] {
  const where = `line ${t.line} (<gx:Track>)`;
  if (t.whens.length !== t.coords.length) {
    return [
      {
        kind: 'reject',
        where,
        code: 'INVALID_RECORD',
        reason: `${t.whens.length} <when> for ${t.coords.length} <gx:coord>`,
      },
    ];
  }
  return t.whens.map((when, i): FileItem => {
    const fixTime = parseGpxTime(when);
    const [lon, lat, alt] = t.coords[i]!.split(/\s+/).map(Number);
    if (fixTime === null || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      return {
        kind: 'reject',
        where: `${where}, point ${i}`,
        code: 'INVALID_RECORD',
        reason: `"${when}" / "${t.coords[i]}" is not a time and a coordinate`,
      };
    }
    const position = { fixTime, lat: lat!, lon: lon!, ...(Number.isFinite(alt) ? { altitude: alt } : {}) };
    return { kind: 'record', where, record: { device: { ...options.device }, position } };
  });
}

function placemarkItem(p: Placemark, options: ReadOptions): FileItem | null {
  if (!p.point) return null;
  const where = `line ${p.line} (<Placemark>)`;
  const [lon, lat, alt] = p.point.split(',').map((s) => Number(s.trim()));
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    return { kind: 'skip', where, reason: `coordinates "${p.point}" are not lon,lat` };
  }
  if (p.when) {
    const fixTime = parseGpxTime(p.when);
    if (fixTime === null)
      return { kind: 'reject', where, code: 'INVALID_RECORD', reason: `when "${p.when}" is not a time` };
    const position = { fixTime, lat: lat!, lon: lon!, ...(Number.isFinite(alt) ? { altitude: alt } : {}) };
    return { kind: 'record', where, record: { device: { ...options.device }, position } };
  }
  const identifier = `kml-${createHash('sha256').update(`${p.name}|${lat}|${lon}`).digest('hex').slice(0, 16)}`;
  return {
    kind: 'place',
    where,
    place: { identifier, name: p.name ?? `${lat},${lon}`, details: p.description, lat: lat!, lon: lon! },
  };
}
