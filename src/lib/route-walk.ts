import { getGreatCircleBearing } from 'geolib';
import { distance, type LatLon } from './geodesy.ts';

/** Where a walker is along its route: the point, the heading it moves on (degrees from north), and its speed. */
export interface RoutePoint extends LatLon {
  course: number;
  /** Metres per second. */
  speed: number;
}

export interface RouteWalk {
  /** The route's length in metres, there and back counted once. */
  readonly length: number;
  /** Where the walker is after `elapsedMs` from the start. */
  at(elapsedMs: number): RoutePoint;
}

/**
 * A walker that follows a polyline at a constant speed, from the first waypoint to the last and back, for ever:
 * plausible movement for simulated devices (a vehicle, a phone on a commute). `startMetres` places it further
 * along, so that several walkers on one route do not move in step.
 */
export function walkRoute(waypoints: readonly LatLon[], speedMps: number, startMetres = 0): RouteWalk {
  if (waypoints.length < 2) throw new Error('a route needs at least two waypoints');
  if (!(speedMps > 0)) throw new Error('a route walk needs a positive speed');
  const legs = waypoints
    .slice(1)
    .map((to, i) => ({ from: waypoints[i]!, to, length: distance(waypoints[i]!, to) }));
  const oneWay = legs.reduce((sum, leg) => sum + leg.length, 0);
  if (!(oneWay > 0)) throw new Error('a route needs two distinct waypoints');
  return {
    length: oneWay,
    at(elapsedMs) {
      const travelled = (startMetres + (speedMps * elapsedMs) / 1000) % (2 * oneWay);
      const back = travelled > oneWay;
      let left = back ? 2 * oneWay - travelled : travelled;
      for (const leg of legs) {
        if (left <= leg.length || leg === legs[legs.length - 1]) {
          const course = getGreatCircleBearing(point(leg.from), point(leg.to));
          // Legs are short (a few km): a straight line in degrees is the road to within centimetres.
          const f = Math.min(1, left / leg.length);
          return {
            lat: leg.from.lat + f * (leg.to.lat - leg.from.lat),
            lon: leg.from.lon + f * (leg.to.lon - leg.from.lon),
            course: back ? (course + 180) % 360 : course,
            speed: speedMps,
          };
        }
        left -= leg.length;
      }
      throw new Error('unreachable: the last leg takes what is left');
    },
  };
}

const point = (p: LatLon) => ({ latitude: p.lat, longitude: p.lon });

/**
 * Hand-written routes for simulations: a loop through Labège and Toulouse by road, and a walk along the Garonne.
 * Each is a few waypoints, enough for movement that looks like a trip on a map.
 */
export const SAMPLE_ROUTES: Readonly<Record<'drive' | 'walk', readonly LatLon[]>> = {
  drive: [
    { lat: 43.5453, lon: 1.5111 },
    { lat: 43.5565, lon: 1.4987 },
    { lat: 43.5733, lon: 1.4792 },
    { lat: 43.5896, lon: 1.4616 },
    { lat: 43.6045, lon: 1.4442 },
    { lat: 43.6108, lon: 1.4537 },
    { lat: 43.6216, lon: 1.4787 },
  ],
  walk: [
    { lat: 43.5985, lon: 1.4389 },
    { lat: 43.6012, lon: 1.4375 },
    { lat: 43.6043, lon: 1.4354 },
    { lat: 43.6078, lon: 1.4359 },
    { lat: 43.6105, lon: 1.4381 },
  ],
};
