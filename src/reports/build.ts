import type { StoredStop, StoredTrip } from '../model/derived.ts';
import type { StoredEvent } from '../model/records.ts';

const DAY = 86_400_000;

export interface DailySummary {
  deviceId: number;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  distance: number;
  drivingTime: number;
  idleTime: number;
  maxSpeed: number;
  trips: number;
}

const overlap = (start: number, end: number, from: number, to: number) =>
  Math.max(0, Math.min(end, to) - Math.max(start, from));

/**
 * Per device and UTC day: a trip counts (with its distance and maximum speed) on the day it starts; driving and
 * idle (stopped) time are split across midnight. Days of the range without any trip or stop are left out.
 */
export function dailySummaries(
  trips: StoredTrip[],
  stops: StoredStop[],
  from: number,
  to: number,
): DailySummary[] {
  const rows = new Map<string, DailySummary>();
  const row = (deviceId: number, dayStart: number) => {
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const key = `${deviceId} ${day}`;
    let r = rows.get(key);
    if (!r)
      rows.set(key, (r = { deviceId, day, distance: 0, drivingTime: 0, idleTime: 0, maxSpeed: 0, trips: 0 }));
    return r;
  };
  const eachDay = (start: number, end: number, add: (dayStart: number, ms: number) => void) => {
    for (let d = Math.floor(Math.max(start, from) / DAY) * DAY; d < Math.min(end, to); d += DAY) {
      const ms = overlap(start, end, Math.max(d, from), Math.min(d + DAY, to));
      if (ms > 0) add(d, ms);
    }
  };
  for (const t of trips) {
    if (t.startTime >= from && t.startTime < to) {
      const r = row(t.deviceId, Math.floor(t.startTime / DAY) * DAY);
      r.trips++;
      r.distance += t.distance;
      r.maxSpeed = Math.max(r.maxSpeed, t.maxSpeed);
    }
    eachDay(t.startTime, t.endTime, (d, ms) => (row(t.deviceId, d).drivingTime += ms));
  }
  for (const s of stops) eachDay(s.startTime, s.endTime, (d, ms) => (row(s.deviceId, d).idleTime += ms));
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.deviceId - b.deviceId);
}

export interface PlaceVisit {
  deviceId: number;
  placeId: number;
  placeName: string | null;
  enterTime: number | null;
  exitTime: number | null;
  duration: number | null;
}

/**
 * Visits from place-enter and place-exit events in time order. An exit without an enter in range is a visit
 * begun before the range; an enter without an exit is a visit still going on (or ending after the range).
 */
export function placeVisits(events: StoredEvent[]): PlaceVisit[] {
  const open = new Map<string, PlaceVisit>();
  const visits: PlaceVisit[] = [];
  for (const e of events) {
    if (e.deviceId == null || (e.type !== 'place-enter' && e.type !== 'place-exit')) continue;
    const placeId = Number(e.attributes.placeId ?? e.key);
    const placeName = typeof e.attributes.placeName === 'string' ? e.attributes.placeName : null;
    const key = `${e.deviceId} ${placeId}`;
    if (e.type === 'place-enter') {
      const visit = {
        deviceId: e.deviceId,
        placeId,
        placeName,
        enterTime: e.time,
        exitTime: null,
        duration: null,
      };
      open.set(key, visit);
      visits.push(visit);
      continue;
    }
    const visit = open.get(key);
    open.delete(key);
    if (visit) {
      visit.exitTime = e.time;
      visit.duration = e.time - visit.enterTime!;
    } else {
      visits.push({
        deviceId: e.deviceId,
        placeId,
        placeName,
        enterTime: null,
        exitTime: e.time,
        duration: null,
      });
    }
  }
  return visits;
}
