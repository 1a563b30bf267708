import type { Readable } from 'node:stream';
import { readCsv } from '../csv/read-csv.ts';
import { readGeojson } from '../geojson/read-geojson.ts';
import { readGpx } from '../gpx/read-gpx.ts';
import { readKml } from '../kml/read-kml.ts';
import { readNdjson } from '../native/read-ndjson.ts';
import type { FileItem, ReadOptions } from './file-item.ts';

export type FileReader = (input: Readable, options: ReadOptions) => AsyncIterable<FileItem>;

/** Every importable format, by name. */
export const READERS: Record<string, FileReader> = {
  gpx: readGpx,
  kml: readKml,
  geojson: readGeojson,
  csv: readCsv,
  ndjson: readNdjson,
};

const EXTENSIONS: Record<string, string> = {
  gpx: 'gpx',
  kml: 'kml',
  geojson: 'geojson',
  json: 'geojson',
  csv: 'csv',
  tsv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
};

/** The format of a file by its extension, or null. */
export function formatOfFile(name: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) ?? null;
}
