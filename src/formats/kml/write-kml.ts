import type { Device, StoredPosition } from '../../model/records.ts';
import { deviceLabel, type ExportWriter } from '../export/writer.ts';
import { xmlText } from '../xml/xml-text.ts';

/**
 * KML 2.2: one Placemark per device holding a gx:Track, its `when` times paired in order with its `gx:coord`
 * positions (lon lat altitude). gx:Track wants all `when` before all `gx:coord`, so a device's coordinates are
 * held until its end: one device at a time, never the whole export.
 */
export function kmlWriter(): ExportWriter {
  let coords: string[] = [];
  return {
    contentType: 'application/vnd.google-earth.kml+xml',
    extension: 'kml',
    header: () =>
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n' +
      '<name>Trackway export</name>\n',
    deviceStart: (d: Device) => {
      coords = [];
      return `<Placemark>\n<name>${xmlText(deviceLabel(d))}</name>\n<gx:Track>\n<altitudeMode>absolute</altitudeMode>\n`;
    },
    position: (p: StoredPosition) => {
      coords.push(`<gx:coord>${p.lon} ${p.lat} ${p.altitude ?? 0}</gx:coord>\n`);
      return `<when>${new Date(p.fixTime).toISOString()}</when>\n`;
    },
    deviceEnd: () => {
      const out = coords.join('');
      coords = [];
      return `${out}</gx:Track>\n</Placemark>\n`;
    },
    footer: () => '</Document>\n</kml>\n',
  };
}
