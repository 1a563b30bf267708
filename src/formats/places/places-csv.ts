import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Place } from '../../model/derived.ts';
import { MAX_ROW_CHARS } from '../csv/read-csv.ts';

/**
 * Places one import file may hold: a fleet has hundreds or thousands. The file is parsed whole and answered a
 * result per row, so both bounds hold what one request costs: a 9 MB file of one line of 4.7 million fields, or
 * of 350,000 rows, blocked the hub for seconds and held hundreds of megabytes.
 */
export const MAX_PLACE_ROWS = 10_000;

/** The columns of the places import template, export and import, in order. */
export const PLACE_COLUMNS = [
  'identifier',
  'name',
  'details',
  'labels',
  'latitude',
  'longitude',
  'radius',
  'polygon',
] as const;

/** A row as written in the file: labels separated by `|`, a polygon as `lat lon` pairs separated by `;`. */
export interface PlaceRow {
  identifier: string | null;
  name: string;
  details: string | null;
  labels: string[];
  latitude: number;
  longitude: number;
  radius: number | null;
  polygon: [number, number][] | null;
}

export function templateCsv(): string {
  return stringify(
    [
      [...PLACE_COLUMNS],
      ['DEPOT-1', 'North depot', 'Gate 2', 'depot|night', '52.52', '13.405', '150', ''],
      ['', 'Yard', '', '', '52.5', '13.4', '', '52.5 13.4;52.501 13.4;52.501 13.402;52.5 13.402'],
    ],
    { record_delimiter: '\r\n' },
  );
}

export function exportCsv(places: Place[]): string {
  return stringify(
    [
      [...PLACE_COLUMNS],
      ...places.map((p) => [
        p.identifier,
        p.name,
        p.details ?? '',
        p.labels.join('|'),
        String(p.lat),
        String(p.lon),
        p.radius == null ? '' : String(p.radius),
        p.polygon ? p.polygon.map(([lat, lon]) => `${lat} ${lon}`).join(';') : '',
      ]),
    ],
    { record_delimiter: '\r\n' },
  );
}

/**
 * Decodes an uploaded file as UTF-8; a file that is not valid UTF-8 is read as Windows-1252 (what spreadsheet
 * programs write) and so converted, as the places API promises to force UTF-8.
 */
export function decodeUpload(body: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

export type ParsedRow = { row: number; place: PlaceRow } | { row: number; error: string };

/** Parses an import file into rows, each valid or with the reason it is not; `row` counts from 2 (after the header). */
export function parsePlacesCsv(text: string): ParsedRow[] {
  const records = parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    max_record_size: MAX_ROW_CHARS,
    // One more than allowed, to tell a file over the bound without reading the rest of it.
    to: MAX_PLACE_ROWS + 1,
  }) as Record<string, string | undefined>[];
  if (records.length > MAX_PLACE_ROWS)
    throw new Error(`more than ${MAX_PLACE_ROWS} places in one file: split it`);
  return records.map((r, i) => {
    const row = i + 2;
    const error = (message: string) => ({ row, error: message });
    const name = r.name ?? '';
    if (!name) return error('name is required');
    const latitude = Number(r.latitude);
    const longitude = Number(r.longitude);
    if (r.latitude === '' || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
      return error('latitude must be a number between -90 and 90');
    }
    if (r.longitude === '' || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
      return error('longitude must be a number between -180 and 180');
    }
    const radius = r.radius ? Number(r.radius) : null;
    if (radius != null && !(Number.isFinite(radius) && radius > 0))
      return error('radius must be a positive number');
    let polygon: [number, number][] | null = null;
    if (r.polygon) {
      const pairs = r.polygon.split(';').map((pair) => pair.trim().split(/\s+/).map(Number));
      if (pairs.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n)))) {
        return error('polygon must be "lat lon" pairs separated by ";"');
      }
      polygon = pairs as [number, number][];
    }
    return {
      row,
      place: {
        identifier: r.identifier || null,
        name,
        details: r.details || null,
        labels: (r.labels ?? '')
          .split('|')
          .map((l) => l.trim())
          .filter(Boolean),
        latitude,
        longitude,
        radius,
        polygon,
      },
    };
  });
}
