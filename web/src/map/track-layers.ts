import type { GeoJSONSource, Map as MapLibre } from 'maplibre-gl';
import { speedsOf } from '../track-speed.ts';
import type { Position, Stop, Trip } from '../types.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** A device's history on the map: the track coloured by speed, its stops, a highlighted trip, the replay cursor. */
export class TrackLayers {
  private map: MapLibre | null = null;
  private data = { track: EMPTY, stops: EMPTY, trip: EMPTY, cursor: EMPTY };

  install(map: MapLibre): void {
    this.map = map;
    for (const [id, data] of Object.entries(this.data))
      if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data });
    map.addLayer({
      id: 'track',
      type: 'line',
      source: 'track',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-width': 4,
        // Speed along the track: slow blue, fast red.
        'line-color': [
          'interpolate',
          ['linear'],
          ['get', 'speed'],
          0,
          '#0b5cad',
          30,
          '#1a7f37',
          60,
          '#bf8700',
          100,
          '#cf222e',
        ],
      },
    });
    map.addLayer({
      id: 'trip',
      type: 'line',
      source: 'trip',
      paint: { 'line-width': 9, 'line-color': '#8250df', 'line-opacity': 0.45 },
    });
    map.addLayer({
      id: 'stops',
      type: 'circle',
      source: 'stops',
      paint: {
        'circle-radius': 7,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#0b5cad',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: 'cursor',
      type: 'circle',
      source: 'cursor',
      paint: {
        'circle-radius': 8,
        'circle-color': '#cf222e',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
  }

  showTrack(positions: Position[], stops: Stop[]): void {
    const speeds = speedsOf(positions);
    const segments: GeoJSON.Feature[] = [];
    for (let i = 1; i < positions.length; i++) {
      const a = positions[i - 1]!;
      const b = positions[i]!;
      segments.push({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [a.lon, a.lat],
            [b.lon, b.lat],
          ],
        },
        properties: { speed: speeds[i] },
      });
    }
    this.set('track', segments);
    this.set(
      'stops',
      stops.map((s) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.longitude, s.latitude] },
        properties: {},
      })),
    );
    this.set('trip', []);
  }

  showTrip(positions: Position[], trip: Trip | null): void {
    const inTrip = trip
      ? positions.filter((p) => p.fixTime >= trip.startTime && p.fixTime <= trip.endTime)
      : [];
    this.set(
      'trip',
      inTrip.length > 1
        ? [
            {
              type: 'Feature',
              geometry: { type: 'LineString', coordinates: inTrip.map((p) => [p.lon, p.lat]) },
              properties: {},
            },
          ]
        : [],
    );
  }

  showCursor(p: Position | null): void {
    this.set(
      'cursor',
      p
        ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: {} }]
        : [],
    );
  }

  private set(id: keyof TrackLayers['data'], features: GeoJSON.Feature[]) {
    this.data[id] = { type: 'FeatureCollection', features };
    void this.map?.getSource<GeoJSONSource>(id)?.setData(this.data[id]);
  }
}
