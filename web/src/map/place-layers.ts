import type { GeoJSONSource, Map as MapLibre, MapMouseEvent } from 'maplibre-gl';
import type { Place } from '../types.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const EARTH_RADIUS = 6_371_008.8;

/** A circle of `radius` metres around a point, as a ring of 64 [lon, lat] points. */
export function circleRing(lat: number, lon: number, radius: number): [number, number][] {
  const ring: [number, number][] = [];
  const d = radius / EARTH_RADIUS;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  for (let i = 0; i <= 64; i++) {
    const θ = (i / 64) * 2 * Math.PI;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 =
      λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([(λ2 * 180) / Math.PI, (φ2 * 180) / Math.PI]);
  }
  return ring;
}

/** Metres between two points (haversine). */
export function metres(a: [number, number], b: [number, number]): number {
  const [lon1, lat1] = a.map((v) => (v * Math.PI) / 180) as [number, number];
  const [lon2, lat2] = b.map((v) => (v * Math.PI) / 180) as [number, number];
  const h =
    Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.sqrt(h));
}

export const placeRing = (p: Place): [number, number][] =>
  p.polygon
    ? p.polygon.map(([lat, lon]) => [lon, lat])
    : circleRing(p.latitude, p.longitude, p.radius ?? 100);

export type Drawing =
  { kind: 'circle'; points: [number, number][] } | { kind: 'polygon'; points: [number, number][] };

/** Places as filled shapes, the selected one outlined, and the shape being drawn. */
export class PlaceLayers {
  private map: MapLibre | null = null;
  private places: Place[] = [];
  private selected: number | null = null;
  private drawing: Drawing | null = null;
  private hover: [number, number] | null = null;
  private listening: MapLibre | null = null;

  constructor(private readonly onClickMap: (lngLat: [number, number], placeId: number | null) => void) {}

  install(map: MapLibre): void {
    this.map = map;
    map.addSource('places', { type: 'geojson', data: EMPTY });
    map.addSource('drawing', { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: 'places-fill',
      type: 'fill',
      source: 'places',
      paint: { 'fill-color': ['case', ['get', 'archived'], '#6e7781', '#8250df'], 'fill-opacity': 0.2 },
    });
    map.addLayer({
      id: 'places-line',
      type: 'line',
      source: 'places',
      paint: { 'line-color': '#8250df', 'line-width': ['case', ['get', 'selected'], 4, 2] },
    });
    map.addLayer({
      id: 'drawing-fill',
      type: 'fill',
      source: 'drawing',
      paint: { 'fill-color': '#cf222e', 'fill-opacity': 0.15 },
    });
    map.addLayer({
      id: 'drawing-line',
      type: 'line',
      source: 'drawing',
      paint: { 'line-color': '#cf222e', 'line-width': 2, 'line-dasharray': [2, 1] },
    });
    // Handlers belong to the map and outlive a change of style (the fallback): attach them once.
    if (this.listening === map) return this.render();
    this.listening = map;
    map.on('click', (e: MapMouseEvent) => {
      const hit = this.drawing ? [] : map.queryRenderedFeatures(e.point, { layers: ['places-fill'] });
      this.onClickMap([e.lngLat.lng, e.lngLat.lat], (hit[0]?.properties?.id as number | undefined) ?? null);
    });
    map.on('mousemove', (e: MapMouseEvent) => {
      if (!this.drawing) return;
      this.hover = [e.lngLat.lng, e.lngLat.lat];
      this.renderDrawing();
    });
    this.render();
  }

  show(places: Place[], selected: number | null): void {
    this.places = places;
    this.selected = selected;
    this.render();
  }

  draw(drawing: Drawing | null): void {
    this.drawing = drawing;
    this.hover = null;
    if (this.map) this.map.getCanvas().style.cursor = drawing ? 'crosshair' : '';
    this.renderDrawing();
  }

  private render() {
    const features = this.places.map((p): GeoJSON.Feature => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [placeRing(p)] },
      properties: { id: p.id, archived: p.archived, selected: p.id === this.selected },
    }));
    void this.map?.getSource<GeoJSONSource>('places')?.setData({ type: 'FeatureCollection', features });
    this.renderDrawing();
  }

  private renderDrawing() {
    const features: GeoJSON.Feature[] = [];
    const d = this.drawing;
    const points = d ? [...d.points, ...(this.hover ? [this.hover] : [])] : [];
    if (d?.kind === 'circle' && points.length === 2) {
      const [c, edge] = points as [[number, number], [number, number]];
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [circleRing(c[1], c[0], metres(c, edge))] },
        properties: {},
      });
    } else if (d?.kind === 'polygon' && points.length >= 2) {
      features.push({
        type: 'Feature',
        geometry:
          points.length >= 3
            ? { type: 'Polygon', coordinates: [[...points, points[0]!]] }
            : { type: 'LineString', coordinates: points },
        properties: {},
      });
    }
    void this.map?.getSource<GeoJSONSource>('drawing')?.setData({ type: 'FeatureCollection', features });
  }
}
