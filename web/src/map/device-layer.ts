import type { GeoJSONSource, Map as MapLibre, MapLayerMouseEvent } from 'maplibre-gl';
import type { LiveStore } from '../live-store.ts';

export const STATUS_COLOURS = {
  moving: '#1a7f37',
  stopped: '#0b5cad',
  silent: '#6e7781',
  sos: '#cf222e',
} as const;

const SOURCE = 'devices';

/**
 * Every live device as one GPU layer: a clustered GeoJSON source, so 10,000 devices are a few draw calls and no
 * DOM node each. Updates are applied at most once per frame and never overlap: while one `setData` is being
 * indexed in the worker, later changes wait and go in the next one.
 */
export class DeviceLayer {
  private map: MapLibre | null = null;
  private busy = false;
  private dirty = false;
  selected: number | null = null;

  constructor(
    private readonly store: LiveStore,
    private readonly onSelect: (deviceId: number) => void,
  ) {}

  install(map: MapLibre): void {
    this.map = map;
    if (!map.getSource(SOURCE)) {
      map.addSource(SOURCE, {
        type: 'geojson',
        data: this.features(),
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 13,
        clusterProperties: { sos: ['+', ['case', ['==', ['get', 'status'], 'sos'], 1, 0]] },
      });
      map.addLayer({
        id: 'device-clusters',
        type: 'circle',
        source: SOURCE,
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': ['case', ['>', ['get', 'sos'], 0], STATUS_COLOURS.sos, '#3d5a80'],
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 22, 1000, 30],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      map.addLayer({
        id: 'device-points',
        type: 'circle',
        source: SOURCE,
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': [
            'match',
            ['get', 'status'],
            'moving',
            STATUS_COLOURS.moving,
            'sos',
            STATUS_COLOURS.sos,
            'silent',
            STATUS_COLOURS.silent,
            STATUS_COLOURS.stopped,
          ],
          'circle-radius': ['case', ['==', ['get', 'id'], -1], 10, 7],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      map.on('click', 'device-points', (e: MapLayerMouseEvent) => {
        const id = e.features?.[0]?.properties?.id;
        if (typeof id === 'number') this.onSelect(id);
      });
      map.on('click', 'device-clusters', async (e: MapLayerMouseEvent) => {
        const feature = e.features?.[0];
        if (!feature) return;
        const source = map.getSource<GeoJSONSource>(SOURCE)!;
        const zoom = await source.getClusterExpansionZoom(feature.properties!.cluster_id as number);
        map.easeTo({ center: (feature.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
      });
      for (const layer of ['device-points', 'device-clusters']) {
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
    }
    this.highlight(this.selected);
  }

  /** Rings the selected device. */
  highlight(deviceId: number | null): void {
    this.selected = deviceId;
    if (!this.map?.getLayer('device-points')) return;
    this.map.setPaintProperty('device-points', 'circle-radius', [
      'case',
      ['==', ['get', 'id'], deviceId ?? -1],
      10,
      7,
    ]);
  }

  /** Asks for the map to show the store's current state. */
  refresh(): void {
    this.dirty = true;
    if (!this.busy) void this.push();
  }

  private async push(): Promise<void> {
    const source = this.map?.getSource<GeoJSONSource>(SOURCE);
    if (!source) return;
    this.busy = true;
    while (this.dirty) {
      this.dirty = false;
      await source.setData(this.features());
    }
    this.busy = false;
  }

  private features(): GeoJSON.FeatureCollection {
    const features: GeoJSON.Feature[] = [];
    for (const { device, status } of this.store.devices.values()) {
      const p = device.latestPosition;
      if (!p) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: { id: device.id, status },
      });
    }
    return { type: 'FeatureCollection', features };
  }
}
