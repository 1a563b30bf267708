import { csvWriter } from '../csv/write-csv.ts';
import { geojsonWriter } from '../geojson/write-geojson.ts';
import { gpxWriter } from '../gpx/write-gpx.ts';
import { kmlWriter } from '../kml/write-kml.ts';
import { ndjsonWriter } from '../native/write-ndjson.ts';
import type { ExportWriter } from './writer.ts';

/** Every export format, by name; a writer with state is made fresh for each export. */
const FACTORIES: Record<string, () => ExportWriter> = {
  gpx: () => gpxWriter,
  kml: kmlWriter,
  geojson: geojsonWriter,
  csv: () => csvWriter,
  ndjson: () => ndjsonWriter,
};

export const EXPORT_FORMATS = Object.keys(FACTORIES);

export function exportWriter(format: string): ExportWriter | null {
  return FACTORIES[format]?.() ?? null;
}
