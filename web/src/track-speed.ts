import { metres } from './map/place-layers.ts';
import type { Position } from './types.ts';

/**
 * Speed at each position in km/h: the reported one, else the distance from the previous fix over the time between
 * them (many sources, such as GPX files, report none).
 */
export function speedsOf(positions: Position[]): number[] {
  return positions.map((p, i) => {
    if (p.speed != null) return p.speed;
    const prev = positions[i - 1];
    if (!prev) return 0;
    const seconds = (Date.parse(p.fixTime) - Date.parse(prev.fixTime)) / 1000;
    return seconds > 0 ? (metres([prev.lon, prev.lat], [p.lon, p.lat]) / seconds) * 3.6 : 0;
  });
}
