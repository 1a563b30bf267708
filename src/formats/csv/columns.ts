import { POSITION_FLAG_FIELDS, POSITION_NUMBER_FIELDS } from '../../model/position-fields.ts';
import type { StoredPosition } from '../../model/records.ts';

/** Position fields as CSV columns, in export order; import reads the same names (and the aliases below). */
export const CSV_FIELDS = [
  ...POSITION_NUMBER_FIELDS,
  ...POSITION_FLAG_FIELDS,
] as const satisfies readonly (keyof StoredPosition)[];

/**
 * Header names read on import, lower-cased, for each column: ours first, then what other tools write
 * (GPS loggers, Traccar's export, spreadsheets).
 */
export const CSV_ALIASES: Record<string, string[]> = {
  device: ['device', 'deviceid', 'device_id', 'externalid', 'imei', 'id', 'name'],
  time: ['time', 'fixtime', 'timestamp', 'datetime', 'date_time', 'utc', 'gps_time'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
  altitude: ['altitude', 'alt', 'ele', 'elevation'],
  speed: ['speed', 'speed_kmh'],
  course: ['course', 'bearing', 'heading', 'cog'],
  accuracy: ['accuracy', 'acc', 'hacc'],
  satellites: ['satellites', 'sat', 'sats'],
  hdop: ['hdop'],
  vdop: ['vdop'],
  pdop: ['pdop'],
  odometer: ['odometer'],
  power: ['power'],
  valid: ['valid'],
  ignition: ['ignition'],
  motion: ['motion'],
  attributes: ['attributes'],
};
