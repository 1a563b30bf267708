import type { Device, StoredPosition } from '../../model/records.ts';
import { deviceLabel, type ExportWriter } from '../export/writer.ts';

/**
 * GeoJSON (RFC 7946): a FeatureCollection of Point features, one per position, with the time and the position's
 * fields as properties. Coordinates are [lon, lat] or [lon, lat, altitude].
 */
export function geojsonWriter(): ExportWriter {
  let first = true;
  return {
    contentType: 'application/geo+json',
    extension: 'geojson',
    header: () => {
      first = true;
      return '{"type":"FeatureCollection","features":[\n';
    },
    deviceStart: () => '',
    position: (p: StoredPosition, d: Device) => {
      const {
        id: _id,
        deviceId: _d,
        messageId: _m,
        lat,
        lon,
        altitude,
        fixTime,
        receivedTime: _r,
        ...fields
      } = p;
      const properties: Record<string, unknown> = {
        device: deviceLabel(d),
        deviceId: d.id,
        time: new Date(fixTime).toISOString(),
      };
      for (const [k, v] of Object.entries(fields)) {
        if (v !== null && !(k === 'attributes' && !Object.keys(v as object).length)) properties[k] = v;
      }
      const coordinates = altitude === null ? [lon, lat] : [lon, lat, altitude];
      const feature = JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates },
        properties,
      });
      const sep = first ? '' : ',\n';
      first = false;
      return sep + feature;
    },
    deviceEnd: () => '',
    footer: () => '\n]}\n',
  };
}
