import { gpxWriter } from '../gpx/write-gpx.ts';
import type { ExportWriter } from './writer.ts';

/** Every export format, by name. */
export const WRITERS: Record<string, ExportWriter> = {
  gpx: gpxWriter,
};
