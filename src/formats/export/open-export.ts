import type { Device } from '../../model/records.ts';
import type { Storage } from '../../storage/storage.ts';
import { streamExport, type ExportRange } from './stream-export.ts';
import { streamTripExport } from './stream-trips.ts';
import { exportWriter, tripExportWriter } from './writers.ts';

/** What an export holds: every position, or the derived trips (each with its path where the format draws one). */
export const EXPORT_KINDS = ['positions', 'trips'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRequest {
  what: ExportKind;
  format: string;
  /** The caller's group path: trips are listed within it. */
  scope: string;
  devices: Device[];
  range: ExportRange;
}

/** An export's content type, file extension and streamed text, for the API and the CLI alike. */
export function openExport(storage: Storage, r: ExportRequest) {
  if (r.what === 'trips') {
    const writer = tripExportWriter(r.format)!;
    const text = streamTripExport(storage, r.scope, r.devices, r.range, writer);
    return { contentType: writer.contentType, extension: writer.extension, text };
  }
  const writer = exportWriter(r.format)!;
  const text = streamExport(storage, r.devices, r.range, writer);
  return { contentType: writer.contentType, extension: writer.extension, text };
}
