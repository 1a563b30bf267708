import { Map as MapLibre, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'preact/hooks';
import type { MapConfig } from '../types.ts';
import { baseStyle, plainStyle } from './base-style.ts';

// MapLibre looks for its worker beside its own module, which bundling moves: point it at the emitted copy.
setWorkerUrl(workerUrl);

let configPromise: Promise<MapConfig> | null = null;
/** The hub's base-map settings, read once. */
export function mapConfig(): Promise<MapConfig> {
  configPromise ??= fetch('/web-config.json')
    .then((r) => r.json())
    .then((c: { map: MapConfig }) => c.map);
  return configPromise;
}

interface Props {
  label: string;
  /** Called once the style is loaded, and again after a fallback style replaces it: add sources and layers here. */
  onStyle: (map: MapLibre) => void;
  onMap?: (map: MapLibre | null) => void;
}

/** A MapLibre map filling its box. The data layers are added by the caller in `onStyle`. */
export function MapView({ label, onStyle, onMap }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const onStyleRef = useRef(onStyle);
  onStyleRef.current = onStyle;

  useEffect(() => {
    let map: MapLibre | null = null;
    let cancelled = false;
    void mapConfig().then((config) => {
      if (cancelled || !box.current) return;
      const created = new MapLibre({
        container: box.current,
        style: baseStyle(config),
        center: [8.5, 47.2],
        zoom: 3,
        attributionControl: { compact: false },
      });
      map = created;
      created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      let styled = false;
      created.on('style.load', () => {
        styled = true;
        onStyleRef.current(created);
      });
      // A style URL that cannot be reached (no network) leaves an empty map: fall back to the plain background.
      created.on('error', () => {
        if (!styled) {
          styled = true;
          created.setStyle(plainStyle());
        }
      });
      created.getCanvas().setAttribute('aria-label', label);
      onMap?.(created);
    });
    return () => {
      cancelled = true;
      onMap?.(null);
      map?.remove();
    };
  }, []);

  return <div class="map" ref={box} role="region" aria-label={label} />;
}
