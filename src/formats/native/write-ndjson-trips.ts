import { deviceLabel } from '../export/writer.ts';
import { tripRecord } from '../export/trip-record.ts';
import type { TripExportWriter } from '../export/trip-writer.ts';

/** NDJSON: one trip per line, the fields of the trips report after the device's name. */
export const ndjsonTripWriter: TripExportWriter = {
  contentType: 'application/x-ndjson',
  extension: 'ndjson',
  withPositions: false,
  header: () => '',
  tripStart: (t, d) => `${JSON.stringify({ device: deviceLabel(d), ...tripRecord(t) })}\n`,
  position: () => '',
  tripEnd: () => '',
  footer: () => '',
};
