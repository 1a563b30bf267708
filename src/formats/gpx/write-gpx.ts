import type { Device, StoredPosition } from '../../model/records.ts';
import { deviceLabel, type ExportWriter } from '../export/writer.ts';
import { xmlText } from '../xml/xml-text.ts';

const TPX = 'http://www.garmin.com/xmlschemas/TrackPointExtension/v2';

/** The opening of a GPX 1.1 document; `namespaces` declares more extension prefixes. */
export const gpxHeader = (namespaces = '') =>
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<gpx version="1.1" creator="Trackway" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="${TPX}"${namespaces} ` +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n';

/**
 * One `<trkpt>`. Speed (m/s) and course, which GPX 1.1 has no elements for, go into Garmin's
 * TrackPointExtension, which most readers understand.
 */
export function gpxTrackPoint(p: StoredPosition): string {
  let s = `<trkpt lat="${p.lat}" lon="${p.lon}">`;
  if (p.altitude !== null) s += `<ele>${p.altitude}</ele>`;
  s += `<time>${new Date(p.fixTime).toISOString()}</time>`;
  if (p.satellites !== null) s += `<sat>${p.satellites}</sat>`;
  if (p.hdop !== null) s += `<hdop>${p.hdop}</hdop>`;
  if (p.vdop !== null) s += `<vdop>${p.vdop}</vdop>`;
  if (p.pdop !== null) s += `<pdop>${p.pdop}</pdop>`;
  if (p.speed !== null || p.course !== null) {
    s += '<extensions><gpxtpx:TrackPointExtension>';
    if (p.speed !== null) s += `<gpxtpx:speed>${p.speed / 3.6}</gpxtpx:speed>`;
    if (p.course !== null) s += `<gpxtpx:course>${p.course}</gpxtpx:course>`;
    s += '</gpxtpx:TrackPointExtension></extensions>';
  }
  return `${s}</trkpt>\n`;
}

/** GPX 1.1: one track per device, one segment, points in fix-time order. */
export const gpxWriter: ExportWriter = {
  contentType: 'application/gpx+xml',
  extension: 'gpx',
  header: () => gpxHeader(),
  deviceStart: (d: Device) => `<trk>\n<name>${xmlText(deviceLabel(d))}</name>\n<trkseg>\n`,
  position: gpxTrackPoint,
  deviceEnd: () => '</trkseg>\n</trk>\n',
  footer: () => '</gpx>\n',
};
