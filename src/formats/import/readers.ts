import type { Readable } from 'node:stream';
import { readCsv } from '../csv/read-csv.ts';
import { readGeojson } from '../geojson/read-geojson.ts';
import { readGpx } from '../gpx/read-gpx.ts';
import { readKml } from '../kml/read-kml.ts';
import { readNdjson } from '../native/read-ndjson.ts';
import type { FileItem, ReadOptions } from './file-item.ts';
import type { ImportFormat } from './formats.ts';

export type FileReader = (input: Readable, options: ReadOptions) => AsyncIterable<FileItem>;

/** Every importable format, by name. */
export const READERS: Record<string, FileReader> & Record<ImportFormat, FileReader> = {
  gpx: readGpx,
  kml: readKml,
  geojson: readGeojson,
  csv: readCsv,
  ndjson: readNdjson,
};

export { formatOfFile } from './formats.ts';
