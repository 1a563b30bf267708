import { getDistanceFromLine, isPointInPolygon } from 'geolib';

export interface LatLon {
  lat: number;
  lon: number;
}

const point = (p: LatLon) => ({ latitude: p.lat, longitude: p.lon });

const EARTH_RADIUS = 6378137;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres, to the centimetre (legs of 1 Hz tracks are short; whole metres would add up).
 * geolib's `getDistance` formula and radius, written out: geolib parses and checks every coordinate on each
 * call, which was 3 % of ingest with derivation, for numbers that are already checked (the test compares both).
 */
export function distance(a: LatLon, b: LatLon): number {
  const fromLat = a.lat * RAD;
  const toLat = b.lat * RAD;
  const cos =
    Math.sin(toLat) * Math.sin(fromLat) +
    Math.cos(toLat) * Math.cos(fromLat) * Math.cos((a.lon - b.lon) * RAD);
  const metres = Math.acos(Math.min(1, Math.max(-1, cos))) * EARTH_RADIUS;
  return Math.round(metres / 0.01) * 0.01;
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
