import { stringify } from 'csv-stringify/sync';
import type { Device, StoredPosition } from '../../model/records.ts';
import { deviceLabel, type ExportWriter } from '../export/writer.ts';
import { CSV_FIELDS } from './columns.ts';

const HEADER = ['device', 'deviceId', 'time', 'lat', 'lon', ...CSV_FIELDS, 'attributes'];

/** CSV with a header row: one row per position, times in ISO 8601 UTC, attributes as one JSON column. */
export const csvWriter: ExportWriter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  header: () => stringify([HEADER]),
  deviceStart: () => '',
  position: (p: StoredPosition, d: Device) =>
    stringify([
      [
        deviceLabel(d),
        d.id,
        new Date(p.fixTime).toISOString(),
        p.lat,
        p.lon,
        ...CSV_FIELDS.map((f) => p[f] ?? ''),
        Object.keys(p.attributes).length ? JSON.stringify(p.attributes) : '',
      ],
    ]),
  deviceEnd: () => '',
  footer: () => '',
};
