import type { IngestRecord } from '../../model/ingest.ts';

/** A place read from a file (a GPX waypoint, a KML placemark point), created once by its identifier. */
export interface FilePlace {
  identifier: string;
  name: string;
  details: string | null;
  lat: number;
  lon: number;
}

/**
 * What a file reader yields, each with `where` (a line, a feature) so that reports point into the file:
 * a record for the pipeline, a place, something skipped (not meant as a record), or a broken record.
 */
export type FileItem =
  | { kind: 'record'; record: IngestRecord; where: string }
  | { kind: 'place'; place: FilePlace; where: string }
  | { kind: 'skip'; where: string; reason: string }
  /** An item that is there but wrong: counted with the records the pipeline rejects. */
  | { kind: 'reject'; where: string; code: string; reason: string };

/** Where a file stops being readable; what came before it was already imported. */
export class FileFormatError extends Error {
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}

/** Vendor of the devices of files that do not name their device's vendor (GPX, KML, GeoJSON, CSV). */
export const FILE_VENDOR = 'file';

/** Options every reader understands: the device identity of files that do not name one. */
export interface ReadOptions {
  /** Device for the file's points, as (vendor, externalId). */
  device: { vendor: string; externalId: string };
}
