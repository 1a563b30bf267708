import { getDistance, getDistanceFromLine, isPointInPolygon } from 'geolib';

export interface LatLon {
  lat: number;
  lon: number;
}

const point = (p: LatLon) => ({ latitude: p.lat, longitude: p.lon });

/** Great-circle distance in metres, to the centimetre (legs of 1 Hz tracks are short; whole metres would add up). */
export function distance(a: LatLon, b: LatLon): number {
  return getDistance(point(a), point(b), 0.01);
}

/** Metres from `p` to the edge of a polygon (closed ring of [lat, lon]); negative inside. */
export function signedDistanceToPolygon(p: LatLon, ring: [number, number][]): number {
  let nearest = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [aLat, aLon] = ring[i]!;
    const [bLat, bLon] = ring[i + 1]!;
    const d = getDistanceFromLine(
      point(p),
      { latitude: aLat, longitude: aLon },
      { latitude: bLat, longitude: bLon },
      0.01,
    );
    if (d < nearest) nearest = d;
  }
  const inside = isPointInPolygon(
    point(p),
    ring.map(([lat, lon]) => ({ latitude: lat, longitude: lon })),
  );
  return inside ? -nearest : nearest;
}
