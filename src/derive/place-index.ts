import Flatbush from 'flatbush';
import type { Place } from '../model/derived.ts';
import type { LatLon } from '../lib/geodesy.ts';

/** A place prepared for fast tests: a bounding box that contains the place plus its margin. */
export interface PlaceShape {
  place: Place;
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

const METRES_PER_DEGREE = 111_320;

export function shapeOf(place: Place, margin: number): PlaceShape {
  const ring = place.polygon ?? [[place.lat, place.lon]];
  const reach = (place.polygon ? 0 : (place.radius ?? 0)) + margin + 1;
  const dLat = reach / METRES_PER_DEGREE;
  const lats = ring.map((p) => p[0]);
  const minLat = Math.min(...lats) - dLat;
  const maxLat = Math.max(...lats) + dLat;
  // Longitude degrees shrink towards the poles; use the widest latitude of the box.
  const cos = Math.max(Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180), 0.01);
  const dLon = dLat / cos;
  const lons = ring.map((p) => p[1]);
  return { place, minLat, maxLat, minLon: Math.min(...lons) - dLon, maxLon: Math.max(...lons) + dLon };
}

/**
 * The places watching a device, with an R-tree of their boxes (Flatbush), so that a fix is tested against the
 * few places near it rather than all of them: 100,000 places cost about what 10 do. Built once per group and
 * margin, and shared by every device of the group.
 */
export class PlaceIndex {
  private readonly tree: Flatbush | null;
  /** Position of each place (by id, as the machine's state keys it) in `shapes`. */
  readonly order: ReadonlyMap<string, number>;

  constructor(readonly shapes: readonly PlaceShape[]) {
    this.order = new Map(shapes.map((s, i) => [String(s.place.id), i]));
    if (!shapes.length) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(shapes.length);
    for (const s of shapes) tree.add(s.minLon, s.minLat, s.maxLon, s.maxLat);
    tree.finish();
    this.tree = tree;
  }

  /** Positions in `shapes` of the places whose box contains the point, in no particular order. */
  near(p: LatLon): number[] {
    return this.tree ? this.tree.search(p.lon, p.lat, p.lon, p.lat) : [];
  }
}
