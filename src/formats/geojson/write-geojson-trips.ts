import { deviceLabel } from '../export/writer.ts';
import { tripRecord } from '../export/trip-record.ts';
import type { TripExportWriter } from '../export/trip-writer.ts';

/**
 * GeoJSON (RFC 7946): a FeatureCollection with one Feature per trip, its fields as properties and its path as a
 * LineString, with the time of each coordinate in the `coordTimes` property (the convention of Mapbox's
 * togeojson, which our import and other tools read). Times stream as they come; the coordinates of the trip
 * being written are held until its end, when its point count decides the geometry: RFC 7946 wants a LineString
 * of two points or more, so a trip whose points were mostly purged by retention gets a Point or none.
 */
export function geojsonTripWriter(): TripExportWriter {
  let first = true;
  let coords: string[] = [];
  return {
    contentType: 'application/geo+json',
    extension: 'geojson',
    withPositions: true,
    header: () => {
      first = true;
      return '{"type":"FeatureCollection","features":[\n';
    },
    tripStart: (t, d) => {
      coords = [];
      const properties = JSON.stringify({ device: deviceLabel(d), ...tripRecord(t) });
      const sep = first ? '' : ',\n';
      first = false;
      return `${sep}{"type":"Feature","properties":${properties.slice(0, -1)},"coordTimes":[`;
    },
    position: (p) => {
      const c = p.altitude === null ? [p.lon, p.lat] : [p.lon, p.lat, p.altitude];
      coords.push(JSON.stringify(c));
      return `${coords.length > 1 ? ',' : ''}"${new Date(p.fixTime).toISOString()}"`;
    },
    tripEnd: () => {
      const geometry =
        coords.length > 1
          ? `{"type":"LineString","coordinates":[${coords.join(',')}]}`
          : coords.length === 1
            ? `{"type":"Point","coordinates":${coords[0]}}`
            : 'null';
      coords = [];
      return `]},"geometry":${geometry}}`;
    },
    footer: () => '\n]}\n',
  };
}
