import { stringify } from 'csv-stringify/sync';
import { deviceLabel } from '../export/writer.ts';
import { TRIP_FIELDS, tripRecord } from '../export/trip-record.ts';
import type { TripExportWriter } from '../export/trip-writer.ts';

const row = (values: unknown[]) => stringify([values], { cast: { boolean: String } });

/** CSV with a header row: one row per trip, the fields of the trips report after the device's name. */
export const csvTripWriter: TripExportWriter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  withPositions: false,
  header: () => row(['device', ...TRIP_FIELDS]),
  tripStart: (t, d) => {
    const record = tripRecord(t);
    return row([deviceLabel(d), ...TRIP_FIELDS.map((f) => record[f] ?? '')]);
  },
  position: () => '',
  tripEnd: () => '',
  footer: () => '',
};
