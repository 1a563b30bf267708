import type { GeoJSONSource, GeoJSONSourceDiff, Map as MapLibre, MapLayerMouseEvent } from 'maplibre-gl';
import type { LiveStore } from '../live-store.ts';

export const STATUS_COLOURS = {
  moving: '#1a7f37',
  stopped: '#0b5cad',
  silent: '#6e7781',
  sos: '#cf222e',
} as const;

const SOURCE = 'devices';
/** Least time between two updates of the map's devices. */
const MIN_UPDATE_MS = 400;
/** Performance mark set when the live devices are first drawn. */
export const DRAWN_MARK = 'trackway:devices-drawn';

/**
 * Every live device as one GPU layer: a clustered GeoJSON source, so 10,000 devices are a few draw calls and no
 * DOM node each. Updates are applied at most once per frame and never overlap: while one `setData` is being
 * indexed in the worker, later changes wait and go in the next one.
 */
export class DeviceLayer {
  private map: MapLibre | null = null;
  private busy = false;
  private drawn = false;
  private listening: MapLibre | null = null;
  /** Everything is to be re-sent. */
  private full = true;
  /** Devices changed since the last update. */
  private changed = new Set<number>();
  /** Ids of the features the source holds. */
  private shown = new Set<number>();
  selected: number | null = null;

  constructor(
    private readonly store: LiveStore,
    private readonly onSelect: (deviceId: number) => void,
  ) {}

  install(map: MapLibre): void {
    this.map = map;
    if (!map.getSource(SOURCE)) {
      const data = this.features();
      this.shown = new Set(data.features.map((f) => f.id as number));
      this.full = false;
      map.addSource(SOURCE, {
        type: 'geojson',
        data,
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
      this.listen(map);
    }
    this.highlight(this.selected);
  }

  /** Handlers belong to the map and outlive a change of style (the fallback): attach them once. */
  private listen(map: MapLibre) {
    if (this.listening === map) return;
    this.listening = map;
    map.on('click', 'device-points', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'number') this.onSelect(id);
    });
    map.on('click', 'device-clusters', (e: MapLayerMouseEvent) => {
      const feature = e.features?.[0];
      if (!feature) return;
      const source = map.getSource<GeoJSONSource>(SOURCE)!;
      // A cluster that went away meanwhile has no zoom to ease to: the click then does nothing.
      source.getClusterExpansionZoom(feature.properties!.cluster_id as number).then(
        (zoom) =>
          map.easeTo({ center: (feature.geometry as GeoJSON.Point).coordinates as [number, number], zoom }),
        () => {},
      );
    });
    for (const layer of ['device-points', 'device-clusters']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
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

  /** Asks for the map to show the store's current state: of the `changed` devices, or of all when not given. */
  refresh(changed?: ReadonlySet<number>): void {
    if (!changed) this.full = true;
    else for (const id of changed) this.changed.add(id);
    if (!this.busy) void this.push();
  }

  /**
   * Sends the pending changes: the whole collection the first time (or when asked), else only the devices that
   * changed, as a diff by feature id, so a burst of positions moves a few features instead of re-sending 10,000.
   */
  private async push(): Promise<void> {
    const map = this.map;
    const source = map?.getSource<GeoJSONSource>(SOURCE);
    if (!map || !source) return;
    this.busy = true;
    while (this.full || this.changed.size) {
      if (this.full || !this.shown.size) {
        this.full = false;
        this.changed.clear();
        const data = this.features();
        this.shown = new Set(data.features.map((f) => f.id as number));
        await source.setData(data);
        if (!this.drawn && data.features.length) {
          this.drawn = true;
          // The moment the devices are first on screen, for the benchmark and anyone profiling the page.
          map.once('idle', () => performance.mark(DRAWN_MARK, { detail: { devices: data.features.length } }));
        }
      } else {
        const ids = [...this.changed];
        this.changed.clear();
        const diff: GeoJSONSourceDiff = { add: [], update: [] };
        for (const id of ids) {
          const feature = this.feature(id);
          if (!feature) continue;
          if (this.shown.has(id)) {
            diff.update!.push({
              id,
              newGeometry: feature.geometry,
              addOrUpdateProperties: [{ key: 'status', value: feature.properties!.status }],
            });
          } else {
            this.shown.add(id);
            diff.add!.push(feature);
          }
        }
        await source.updateData(diff);
      }
      // Each update re-clusters and redraws the layer: a few a second keep motion visible and the frames free.
      await new Promise((r) => setTimeout(r, MIN_UPDATE_MS));
    }
    this.busy = false;
  }

  private feature(id: number): GeoJSON.Feature<GeoJSON.Point> | null {
    const live = this.store.devices.get(id);
    const p = live?.device.latestPosition;
    if (!live || !p) return null;
    return {
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id, status: live.status },
    };
  }

  private features(): GeoJSON.FeatureCollection {
    const features: GeoJSON.Feature[] = [];
    for (const id of this.store.devices.keys()) {
      const feature = this.feature(id);
      if (feature) features.push(feature);
    }
    return { type: 'FeatureCollection', features };
  }
}
