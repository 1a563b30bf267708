import { csvTripWriter } from '../csv/write-csv-trips.ts';
import { csvWriter } from '../csv/write-csv.ts';
import { geojsonTripWriter } from '../geojson/write-geojson-trips.ts';
import { geojsonWriter } from '../geojson/write-geojson.ts';
import { gpxTripWriter } from '../gpx/write-gpx-trips.ts';
import { gpxWriter } from '../gpx/write-gpx.ts';
import { kmlTripWriter } from '../kml/write-kml-trips.ts';
import { kmlWriter } from '../kml/write-kml.ts';
import { ndjsonTripWriter } from '../native/write-ndjson-trips.ts';
import { ndjsonWriter } from '../native/write-ndjson.ts';
import type { TripExportWriter } from './trip-writer.ts';
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

/** The same formats for trips: every format exports both, so `what` and `format` combine freely. */
const TRIP_FACTORIES: Record<string, () => TripExportWriter> = {
  gpx: () => gpxTripWriter,
  kml: kmlTripWriter,
  geojson: geojsonTripWriter,
  csv: () => csvTripWriter,
  ndjson: () => ndjsonTripWriter,
};

export function tripExportWriter(format: string): TripExportWriter | null {
  return TRIP_FACTORIES[format]?.() ?? null;
}
