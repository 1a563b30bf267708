import { deviceLabel } from '../export/writer.ts';
import { tripRecord } from '../export/trip-record.ts';
import { tripTitle, type TripExportWriter } from '../export/trip-writer.ts';
import { xmlText } from '../xml/xml-text.ts';

/**
 * KML 2.2: one Placemark per trip, with its span as TimeSpan, its fields as ExtendedData and its path as a
 * gx:Track. gx:Track wants all `when` before all `gx:coord`, so the coordinates of the trip being written are
 * held until its end: one trip at a time, never the whole export.
 */
export function kmlTripWriter(): TripExportWriter {
  let coords: string[] = [];
  return {
    contentType: 'application/vnd.google-earth.kml+xml',
    extension: 'kml',
    withPositions: true,
    header: () =>
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n' +
      '<name>Trackway trips</name>\n',
    tripStart: (t, d) => {
      coords = [];
      const record = tripRecord(t);
      let data = `<Data name="device"><value>${xmlText(deviceLabel(d))}</value></Data>\n`;
      for (const [k, v] of Object.entries(record)) {
        if (v !== null) data += `<Data name="${k}"><value>${xmlText(v)}</value></Data>\n`;
      }
      return (
        `<Placemark>\n<name>${xmlText(tripTitle(t, deviceLabel(d)))}</name>\n` +
        `<TimeSpan><begin>${record.startTime}</begin><end>${record.endTime}</end></TimeSpan>\n` +
        `<ExtendedData>\n${data}</ExtendedData>\n<gx:Track>\n<altitudeMode>absolute</altitudeMode>\n`
      );
    },
    position: (p) => {
      coords.push(`<gx:coord>${p.lon} ${p.lat} ${p.altitude ?? 0}</gx:coord>\n`);
      return `<when>${new Date(p.fixTime).toISOString()}</when>\n`;
    },
    tripEnd: () => {
      const out = coords.join('');
      coords = [];
      return `${out}</gx:Track>\n</Placemark>\n`;
    },
    footer: () => '</Document>\n</kml>\n',
  };
}
