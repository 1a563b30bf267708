import type { Stop, Trip } from '../model/derived.ts';
import type { EventFields } from '../model/records.ts';
import { distance } from '../lib/geodesy.ts';
import type { DeriveRules } from './rules.ts';

/** What the detector needs of a stored position. */
export interface Fix {
  time: number;
  lat: number;
  lon: number;
  valid: boolean;
  /** km/h as reported; null when the device does not report it. */
  speed: number | null;
  ignition: boolean | null;
  odometer: number | null;
}

interface TripAcc {
  startTime: number;
  startLat: number;
  startLon: number;
  startOdometer: number | null;
  endTime: number;
  endLat: number;
  endLon: number;
  endOdometer: number | null;
  distance: number;
  maxSpeed: number;
  overspeedCount: number;
  harshAccelerationCount: number;
  harshBrakingCount: number;
  maxAcceleration: number | null;
  maxBraking: number | null;
  jumps: number;
  /** A trip is announced (trip-start raised) once it has left the place it began at. */
  announced: boolean;
}

/**
 * Fixes staying within the stop radius of the first one (the anchor). `settle` is where the device came to rest
 * inside it: the first fix after which it moved no more than a quarter of the radius. A stop begins there, so
 * that its place and the trip's end are where the device stood, not where it entered the radius.
 */
interface Cluster {
  anchor: Fix;
  settle: Fix;
  /** Once stopped: the latest fix still where the stop began; the stop ends there when the device leaves. */
  stand: Fix;
  last: Fix;
  /** An ignition-off fix since `settle`. */
  ignitionOff: boolean;
  /** The trip as it was at `settle`: if the cluster turns out to be a stop, the trip ended there. */
  tripAtSettle: TripAcc;
  /** Opaque state of other machines just before `settle`, stored with the stop to resume from it. */
  resume: unknown;
}

/** The detector's whole state: JSON, persisted after every batch so a restart changes nothing. */
export interface TrackState {
  lastTime: number | null;
  last: Fix | null;
  /** A rejected fix: if the next one agrees with it rather than with `last`, the device really moved there. */
  jump: Fix | null;
  mode: 'moving' | 'stopped';
  trip: TripAcc | null;
  cluster: Cluster | null;
  overspeeding: boolean;
}

export interface TrackOutput {
  /** Trips and stops that were created or changed, keyed by start time (the later version wins). */
  trips: Map<number, Trip>;
  stops: Map<number, Stop & { resume: unknown }>;
  events: EventFields[];
}

export const freshTrackState = (): TrackState => ({
  lastTime: null,
  last: null,
  jump: null,
  mode: 'moving',
  trip: null,
  cluster: null,
  overspeeding: false,
});

export const emptyOutput = (): TrackOutput => ({ trips: new Map(), stops: new Map(), events: [] });

const kmh = (metres: number, ms: number) => (ms > 0 ? (metres / ms) * 3600 : Infinity);

/**
 * Trips and stops from fixes in time order. A stop is staying within `stopRadius` for `stopDwell` (or an
 * ignition-off spell of `ignitionDwell`); everything between stops is a trip. The state after a stop's first fix
 * depends only on fixes from there on, which is what lets late data be replayed from a stop.
 */
export class TrackMachine {
  constructor(
    private readonly rules: DeriveRules,
    readonly state: TrackState,
    readonly out: TrackOutput,
    /** Events at or before this time are not raised again: a replay keeps the ones already stored there. */
    private readonly quietUntil: number | null = null,
  ) {}

  /**
   * `resume` is what other machines need to restart at this fix, should it become a stop's first fix. Returns
   * whether the fix was taken: false for an invalid fix, a repeated time or a GPS jump.
   */
  step(fix: Fix, resume: () => unknown): boolean {
    const s = this.state;
    if (s.lastTime != null && fix.time <= s.lastTime) return false;
    s.lastTime = fix.time;
    if (!fix.valid) return false;
    const last = s.last;
    if (last && kmh(distance(last, fix), fix.time - last.time) > this.rules.maxSpeed) {
      const agrees = s.jump && kmh(distance(s.jump, fix), fix.time - s.jump.time) <= this.rules.maxSpeed;
      if (!agrees) {
        s.jump = fix;
        if (s.trip) s.trip.jumps++;
        return false;
      }
      // Two fixes agree with each other and not with the past: the device was carried (ferry, trailer, plane).
      // Restart from the first of them, counting no distance for the leg nobody saw.
      this.accept(s.jump!, resume, false);
    }
    this.accept(fix, resume, true);
    return true;
  }

  /**
   * Whether the state after the last fix can start a replay (a checkpoint): moving on an announced trip begun
   * before it, with a cluster begun at it and no jump pending. From such a state, every event, stop and trip
   * yet to come carries the time of this fix or a later one, so a replay from here replaces exactly what later
   * fixes derived (see checkpoints.ts).
   */
  atCheckpoint(): boolean {
    const s = this.state;
    const t = s.lastTime;
    return (
      t != null &&
      s.mode === 'moving' &&
      s.jump === null &&
      s.last?.time === t &&
      s.cluster?.anchor.time === t &&
      s.cluster.settle.time === t &&
      s.trip?.announced === true &&
      s.trip.startTime < t
    );
  }

  /** Outputs the trip in progress as it is, so that a replay from a checkpoint rewrites it even unchanged. */
  presentTrip(): void {
    const s = this.state;
    if (s.mode === 'moving' && s.trip?.announced) this.out.trips.set(s.trip.startTime, present(s.trip, true));
  }

  private accept(fix: Fix, resume: () => unknown, travelled: boolean): void {
    const s = this.state;
    const last = s.last;
    s.jump = null;
    this.ignitionEvents(last, fix);
    if (!s.cluster || !last) {
      s.mode = 'moving';
      this.startTrip(fix);
      s.cluster = this.newCluster(fix, resume);
      s.last = fix;
      s.overspeeding = this.rules.speedLimit > 0 && (fix.speed ?? 0) > this.rules.speedLimit;
      return;
    }
    const c = s.cluster;
    const gap = fix.time - last.time;
    const leg = travelled ? distance(last, fix) : 0;
    // A long gap at walking pace: the device sat still (asleep, parked) and then moved on.
    const sleptHere = gap >= this.rules.stopDwell * 1000 && kmh(leg, gap) < this.rules.gapStopSpeed;
    const inside = distance(c.anchor, fix) <= this.rules.stopRadius || fix.ignition === false;
    const standing = fix.ignition === false || distance(c.settle, fix) <= this.rules.stopRadius / 4;
    // The stop takes the whole gap, so the leg across it happened during the stop: a trip leaving it starts at
    // this fix, with no distance for that leg (start position, start time and distance describe one span).
    const leftAfterSleep = sleptHere && !inside;
    if (leftAfterSleep) {
      c.last = c.stand = { ...last, time: fix.time };
      s.trip = s.mode === 'stopped' ? null : s.trip;
      this.confirmStop();
    }
    if (inside && s.mode === 'moving') {
      c.last = fix;
      this.extendTrip(last, fix, leg);
      if (!standing) this.settleAt(c, fix, resume);
      else if (fix.ignition === false) c.ignitionOff = true;
      this.confirmStop();
    } else if (inside) {
      // Stopped: standing still extends the stop; moving inside the radius may be the start of a departure.
      c.last = fix;
      if (standing) {
        c.stand = fix;
        s.trip = null;
      } else {
        const from = s.trip ? last : c.stand;
        s.trip ??= this.startTrip(c.stand);
        this.extendTrip(from, fix, leg);
      }
    } else if (s.mode === 'stopped') {
      this.closeStop(c);
      const start = leftAfterSleep ? fix : c.stand;
      const from = s.trip ? last : start;
      s.trip ??= this.startTrip(start);
      s.mode = 'moving';
      this.announce();
      this.extendTrip(from, fix, leftAfterSleep ? 0 : leg);
      s.cluster = this.newCluster(fix, resume);
    } else {
      this.announce();
      this.extendTrip(last, fix, leg);
      s.cluster = this.newCluster(fix, resume);
    }
    s.last = fix;
    if (s.mode === 'stopped') this.openStop(s.cluster);
    else if (s.trip?.announced) this.out.trips.set(s.trip.startTime, present(s.trip, true));
  }

  private newCluster(anchor: Fix, resume: () => unknown): Cluster {
    return {
      anchor,
      settle: anchor,
      stand: anchor,
      last: anchor,
      ignitionOff: anchor.ignition === false,
      tripAtSettle: { ...this.state.trip! },
      resume: resume(),
    };
  }

  private settleAt(c: Cluster, fix: Fix, resume: () => unknown): void {
    c.settle = fix;
    c.ignitionOff = fix.ignition === false;
    c.tripAtSettle = { ...this.state.trip! };
    c.resume = resume();
  }

  private startTrip(at: Fix): TripAcc {
    return (this.state.trip = {
      startTime: at.time,
      startLat: at.lat,
      startLon: at.lon,
      startOdometer: at.odometer,
      endTime: at.time,
      endLat: at.lat,
      endLon: at.lon,
      endOdometer: at.odometer,
      distance: 0,
      maxSpeed: 0,
      overspeedCount: 0,
      harshAccelerationCount: 0,
      harshBrakingCount: 0,
      maxAcceleration: null,
      maxBraking: null,
      jumps: 0,
      announced: false,
    });
  }

  private announce(): void {
    const t = this.state.trip!;
    if (t.announced) return;
    t.announced = true;
    this.event('trip-start', t.startTime, { lat: t.startLat, lon: t.startLon });
  }

  private extendTrip(prev: Fix, fix: Fix, leg: number): void {
    const t = this.state.trip!;
    const r = this.rules;
    const dt = fix.time - prev.time;
    t.distance += leg;
    t.endTime = fix.time;
    t.endLat = fix.lat;
    t.endLon = fix.lon;
    if (fix.odometer != null) t.endOdometer = fix.odometer;
    const speed = fix.speed ?? (dt > 0 ? kmh(leg, dt) : 0);
    if (speed > t.maxSpeed) t.maxSpeed = speed;
    const over = r.speedLimit > 0 && speed > r.speedLimit;
    if (over && !this.state.overspeeding) {
      t.overspeedCount++;
      this.event('overspeed', fix.time, { speed, limit: r.speedLimit, lat: fix.lat, lon: fix.lon });
    }
    this.state.overspeeding = over;
    // Acceleration only means something between close fixes with reported speeds.
    if (prev.speed == null || fix.speed == null || dt <= 0 || dt > r.harshWindow * 1000) return;
    const a = (fix.speed - prev.speed) / 3.6 / (dt / 1000);
    if (a > 0 && a > (t.maxAcceleration ?? 0)) t.maxAcceleration = a;
    if (a < 0 && -a > (t.maxBraking ?? 0)) t.maxBraking = -a;
    if (a >= r.harshAcceleration) {
      t.harshAccelerationCount++;
      this.event('harsh-acceleration', fix.time, { acceleration: a, lat: fix.lat, lon: fix.lon });
    } else if (-a >= r.harshBraking) {
      t.harshBrakingCount++;
      this.event('harsh-braking', fix.time, { deceleration: -a, lat: fix.lat, lon: fix.lon });
    }
  }

  private confirmStop(): void {
    const s = this.state;
    const c = s.cluster!;
    if (s.mode === 'stopped') return;
    const span = c.last.time - c.settle.time;
    const enough =
      span >= this.rules.stopDwell * 1000 || (c.ignitionOff && span >= this.rules.ignitionDwell * 1000);
    if (!enough) return;
    const trip = c.tripAtSettle;
    // A trip that never left its first place is no trip: the device was standing from the start.
    if (trip.announced && trip.startTime < c.settle.time) {
      this.out.trips.set(trip.startTime, present(trip, false));
      this.event('trip-end', c.settle.time, { lat: c.settle.lat, lon: c.settle.lon });
    }
    // From here on the radius is measured from where the device stands, as a replay from this stop would.
    c.anchor = c.settle;
    c.stand = c.last;
    s.mode = 'stopped';
    s.trip = null;
  }

  private openStop(c: Cluster): void {
    this.out.stops.set(c.settle.time, presentStop(c, true));
  }

  private closeStop(c: Cluster): void {
    this.out.stops.set(c.settle.time, presentStop(c, false));
  }

  private ignitionEvents(last: Fix | null, fix: Fix): void {
    if (last?.ignition == null || fix.ignition == null || last.ignition === fix.ignition) return;
    this.event(fix.ignition ? 'ignition-on' : 'ignition-off', fix.time, { lat: fix.lat, lon: fix.lon });
  }

  private event(type: EventFields['type'], time: number, attributes: Record<string, unknown>): void {
    if (this.quietUntil != null && time <= this.quietUntil) return;
    this.out.events.push({ type, time, attributes });
  }
}

function present(t: TripAcc, open: boolean): Trip {
  const duration = t.endTime - t.startTime;
  return {
    deviceId: 0,
    startTime: t.startTime,
    endTime: t.endTime,
    startLat: t.startLat,
    startLon: t.startLon,
    endLat: t.endLat,
    endLon: t.endLon,
    distance: t.distance,
    duration,
    maxSpeed: t.maxSpeed,
    avgSpeed: duration > 0 ? kmh(t.distance, duration) : 0,
    overspeedCount: t.overspeedCount,
    harshAccelerationCount: t.harshAccelerationCount,
    harshBrakingCount: t.harshBrakingCount,
    maxAcceleration: t.maxAcceleration,
    maxBraking: t.maxBraking,
    startOdometer: t.startOdometer,
    endOdometer: t.endOdometer,
    open,
    jumps: t.jumps,
  };
}

function presentStop(c: Cluster, open: boolean): Stop & { resume: unknown } {
  return {
    deviceId: 0,
    startTime: c.settle.time,
    endTime: c.stand.time,
    lat: c.settle.lat,
    lon: c.settle.lon,
    duration: c.stand.time - c.settle.time,
    placeId: null,
    open,
    resume: c.resume,
  };
}
