import type { StyleSpecification } from 'maplibre-gl';
import type { MapConfig } from '../types.ts';

/** Shown under the data when no tiles load (no network): the layers still draw on it. */
export const PLAIN_BACKGROUND = '#e8ecef';

/** A style with only a plain background: the fallback when the configured style cannot be loaded. */
export const plainStyle = (): StyleSpecification => ({
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } }],
});

/** The configured base map: a style URL, else raster tiles over the plain background. */
export function baseStyle(config: MapConfig): StyleSpecification | string {
  if (config.styleUrl) return config.styleUrl;
  return {
    version: 8,
    sources: {
      base: {
        type: 'raster',
        tiles: [config.tileUrl],
        tileSize: 256,
        attribution: config.attribution,
        maxzoom: 19,
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } },
      { id: 'base', type: 'raster', source: 'base' },
    ],
  };
}
