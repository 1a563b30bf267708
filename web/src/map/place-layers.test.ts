import { describe, expect, it } from 'vitest';
import { circleRing, metres, placeRing } from './place-layers.ts';

describe('place shapes', () => {
  it('measures metres between points', () => {
    // One degree of latitude is about 111.2 km.
    expect(metres([6, 46], [6, 47])).toBeCloseTo(111_195, -2);
    expect(metres([6, 46], [6, 46])).toBe(0);
  });

  it('draws a circle whose every point lies at the radius', () => {
    const ring = circleRing(46.5, 6.6, 150);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    for (const p of ring) expect(metres([6.6, 46.5], p)).toBeCloseTo(150, 3);
  });

  it('turns a polygon of [lat, lon] points into [lon, lat] for the map', () => {
    const place = {
      latitude: 1,
      longitude: 2,
      radius: null,
      polygon: [
        [1, 2],
        [1, 3],
        [2, 3],
      ] as [number, number][],
    };
    expect(placeRing(place as never)).toEqual([
      [2, 1],
      [3, 1],
      [3, 2],
    ]);
  });
});
