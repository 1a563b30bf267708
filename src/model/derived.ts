/** Derived records (DESIGN.md §3): trips, stops and places. Times are epoch ms, distances metres, speeds km/h. */

export interface Trip {
  deviceId: number;
  startTime: number;
  endTime: number;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  distance: number;
  /** Milliseconds. */
  duration: number;
  maxSpeed: number;
  avgSpeed: number;
  overspeedCount: number;
  harshAccelerationCount: number;
  harshBrakingCount: number;
  /** m/s², the largest speed gain and loss between two close fixes. */
  maxAcceleration: number | null;
  maxBraking: number | null;
  startOdometer: number | null;
  endOdometer: number | null;
  /** True while the trip is still going on: its end is the latest fix so far. */
  open: boolean;
  /** Fixes left out of the distance because they implied an impossible speed. */
  jumps: number;
}

export interface Stop {
  deviceId: number;
  startTime: number;
  endTime: number;
  lat: number;
  lon: number;
  /** Milliseconds. */
  duration: number;
  placeId: number | null;
  open: boolean;
}

export interface StoredTrip extends Trip {
  id: number;
}
export interface StoredStop extends Stop {
  id: number;
}

export interface Place {
  id: number;
  groupId: number;
  name: string;
  identifier: string;
  details: string | null;
  labels: string[];
  lat: number;
  lon: number;
  /** Metres; a place has a radius or a polygon. */
  radius: number | null;
  /** Closed ring of [lat, lon] pairs. */
  polygon: [number, number][] | null;
  archived: boolean;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
}
