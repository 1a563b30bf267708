import { randomBytes } from 'node:crypto';
import type { NewPlace } from '../../storage/places.ts';
import { ApiError } from '../errors.ts';

/** Radius of a place given neither a radius nor a polygon: a building and its yard. */
export const DEFAULT_RADIUS = 100;

/**
 * Points of a polygon, at most: every fix near a place is measured against each of its edges, so a polygon of a
 * million points (a 32 MiB body holds one) would make each such fix cost a million distances. A city's boundary
 * traced from a map has a few thousand.
 */
export const MAX_POLYGON_POINTS = 10_000;

export interface PlaceInput {
  identifier?: string | null;
  name: string;
  details?: string | null;
  labels?: string[];
  latitude: number;
  longitude: number;
  radius?: number | null;
  polygon?: [number, number][] | null;
}

/** Checks and completes a new place (from the API or an import row); throws a BAD_REQUEST ApiError. */
export function newPlace(groupId: number, input: PlaceInput): NewPlace {
  if (!input.name.trim()) throw new ApiError('BAD_REQUEST', 'name is required');
  if (input.radius != null && input.polygon != null) {
    throw new ApiError('BAD_REQUEST', 'a place has a radius or a polygon, not both');
  }
  let polygon = input.polygon ?? null;
  if (polygon) {
    if (polygon.length > MAX_POLYGON_POINTS) {
      throw new ApiError(
        'BAD_REQUEST',
        `a polygon has at most ${MAX_POLYGON_POINTS.toLocaleString('en-US')} points`,
      );
    }
    if (polygon.some(([lat, lon]) => !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))) {
      throw new ApiError(
        'BAD_REQUEST',
        'polygon points must have latitude within ±90 and longitude within ±180',
      );
    }
    const [first, last] = [polygon[0]!, polygon[polygon.length - 1]!];
    // A ring is closed: repeat the first point at the end when the caller left it open.
    if (first[0] !== last[0] || first[1] !== last[1]) polygon = [...polygon, first];
    if (polygon.length < 4) throw new ApiError('BAD_REQUEST', 'a polygon needs at least 3 distinct points');
  }
  return {
    groupId,
    identifier: input.identifier || `PL_${randomBytes(6).toString('hex').toUpperCase()}`,
    name: input.name.trim(),
    details: input.details ?? null,
    labels: input.labels ?? [],
    lat: input.latitude,
    lon: input.longitude,
    radius: polygon ? null : (input.radius ?? DEFAULT_RADIUS),
    polygon,
  };
}
