import type { Place } from '../../../model/derived.ts';
import { distance, signedDistanceToPolygon, type LatLon } from '../../../lib/geodesy.ts';
import type { Storage } from '../../../storage/storage.ts';
import type { MixPosition, MixTrip } from '../wire/trip.ts';
import type { SelectedTrip } from './select.ts';

/**
 * `include_locations`: MiX gives a reverse-geocoded address; Trackway has no geocoder, so a position's Location
 * is the name of the Trackway place (of those watching the device's group) that holds it, and absent elsewhere.
 */
export async function withLocations(storage: Storage, selected: SelectedTrip[]): Promise<MixTrip[]> {
  const groupOf = new Map<number, Promise<string | null>>();
  const placesOf = new Map<string, Promise<Place[]>>();
  const places = async (deviceId: number) => {
    if (!groupOf.has(deviceId)) {
      groupOf.set(
        deviceId,
        storage
          .getDevice(deviceId)
          .then(async (d) => (d ? ((await storage.getGroup(d.groupId))?.path ?? null) : null)),
      );
    }
    const path = await groupOf.get(deviceId)!;
    if (!path) return [];
    if (!placesOf.has(path)) placesOf.set(path, storage.placesWatching(path));
    return placesOf.get(path)!;
  };
  return Promise.all(selected.map(async (s) => locate(s.trip, await places(s.deviceId))));
}

function locate(trip: MixTrip, places: Place[]): MixTrip {
  const at = (p: MixPosition | null | undefined) =>
    p ? { ...p, Location: placeAt(places, { lat: p.Latitude, lon: p.Longitude }) } : p;
  return {
    ...trip,
    StartPosition: at(trip.StartPosition),
    EndPosition: at(trip.EndPosition),
    ...(trip.SubTrips ? { SubTrips: trip.SubTrips.map((t) => locate(t, places)) } : {}),
  };
}

/** Of the places holding the point, the one whose edge is nearest: a small place inside a large one wins. */
function placeAt(places: Place[], p: LatLon): string | null {
  let best: { name: string; depth: number } | null = null;
  for (const place of places) {
    const edge = place.polygon
      ? signedDistanceToPolygon(p, place.polygon)
      : distance(place, p) - (place.radius ?? 0);
    if (edge <= 0 && (!best || -edge < best.depth)) best = { name: place.name, depth: -edge };
  }
  return best?.name ?? null;
}
