import type { Place } from '../model/derived.ts';
import type { EventFields } from '../model/records.ts';
import { distance, signedDistanceToPolygon, type LatLon } from '../lib/geodesy.ts';
import type { PlaceIndex } from './place-index.ts';
import type { DeriveRules } from './rules.ts';

/** Presence in one place; only places the device is in, or is about to enter or leave, have an entry. */
interface Presence {
  inside: boolean;
  /** When the device first crossed to the other side, while that is not yet confirmed. */
  since: number | null;
}

/** Keyed by place id (as a string: the state is JSON). */
export type PlaceState = Record<string, Presence>;

/** Metres from the place's edge; negative inside. */
export function edgeDistance(place: Place, p: LatLon): number {
  if (place.polygon) return signedDistanceToPolygon(p, place.polygon);
  return distance(place, p) - (place.radius ?? 0);
}

/**
 * Place enter and exit with hysteresis: a device enters when inside the place for `placeDwell`, and leaves when
 * more than `placeMargin` beyond its edge for `placeDwell`. Events carry the time of the first fix of the
 * crossing, so they are right however late the fixes arrive.
 */
export class PlaceMachine {
  constructor(
    private readonly rules: DeriveRules,
    private readonly places: PlaceIndex,
    readonly state: PlaceState,
    readonly events: EventFields[],
  ) {
    // An archived or deleted place is no longer watched: forget presence in it without an event.
    for (const id of Object.keys(state)) if (!places.order.has(id)) delete state[id];
  }

  /** A copy of the state, for a replay to start from. */
  snapshot(): PlaceState {
    return structuredClone(this.state);
  }

  /**
   * Tests the fix against the places whose box contains it and the places the device is in or crossing, in the
   * places' order (so that events of one fix come out in the same order however the places are looked up).
   */
  step(fix: LatLon & { time: number }): void {
    const candidates = this.places.near(fix);
    for (const id of Object.keys(this.state)) candidates.push(this.places.order.get(id)!);
    candidates.sort((a, b) => a - b);
    let previous = -1;
    for (const at of candidates) {
      if (at === previous) continue;
      previous = at;
      const shape = this.places.shapes[at]!;
      const id = String(shape.place.id);
      const current = this.state[id];
      const near =
        fix.lat >= shape.minLat &&
        fix.lat <= shape.maxLat &&
        fix.lon >= shape.minLon &&
        fix.lon <= shape.maxLon;
      if (!near && !current) continue;
      const edge = near ? edgeDistance(shape.place, fix) : Infinity;
      const inside = current?.inside ?? false;
      const crossing = inside ? edge > this.rules.placeMargin : edge <= 0;
      if (!crossing) {
        if (inside) current!.since = null;
        else delete this.state[id];
        continue;
      }
      const presence = current ?? (this.state[id] = { inside: false, since: null });
      presence.since ??= fix.time;
      if (fix.time - presence.since < this.rules.placeDwell * 1000) continue;
      this.events.push({
        type: inside ? 'place-exit' : 'place-enter',
        time: presence.since,
        key: id,
        attributes: { placeId: shape.place.id, placeName: shape.place.name },
      });
      if (inside) delete this.state[id];
      else this.state[id] = { inside: true, since: null };
    }
  }

  /** Earliest start of a crossing not yet confirmed: a replay must redo events from there. */
  static pendingSince(state: PlaceState): number | null {
    let earliest: number | null = null;
    for (const p of Object.values(state)) {
      if (p.since != null && (earliest == null || p.since < earliest)) earliest = p.since;
    }
    return earliest;
  }
}
