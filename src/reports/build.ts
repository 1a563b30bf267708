import type { StoredStop, StoredTrip } from '../model/derived.ts';
import type { StoredEvent } from '../model/records.ts';
import { localDays } from './local-days.ts';

export interface DailySummary {
  deviceId: number;
  /** Local date in the report's time zone, YYYY-MM-DD. */
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
 * Per device and local day of the time zone: a trip counts (with its distance and maximum speed) on the day it
 * starts; driving and idle (stopped) time are split at local midnight. Days of the range without any trip or stop
 * are left out.
 */
export function dailySummaries(
  trips: StoredTrip[],
  stops: StoredStop[],
  from: number,
  to: number,
  timeZone = 'UTC',
): DailySummary[] {
  const days = localDays(from, to, timeZone);
  /** Index of the day holding t, for t in [from, to). */
  const dayAt = (t: number) => {
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (days[mid]!.start <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const rows = new Map<string, DailySummary>();
  const row = (deviceId: number, i: number) => {
    const day = days[i]!.day;
    const key = `${deviceId} ${day}`;
    let r = rows.get(key);
    if (!r)
      rows.set(key, (r = { deviceId, day, distance: 0, drivingTime: 0, idleTime: 0, maxSpeed: 0, trips: 0 }));
    return r;
  };
  const eachDay = (start: number, end: number, add: (i: number, ms: number) => void) => {
    for (let i = dayAt(Math.max(start, from)); i < days.length && days[i]!.start < end; i++) {
      const dayEnd = days[i + 1]?.start ?? to;
      const ms = overlap(start, end, Math.max(days[i]!.start, from), Math.min(dayEnd, to));
      if (ms > 0) add(i, ms);
    }
  };
  for (const t of trips) {
    if (t.startTime >= from && t.startTime < to) {
      const r = row(t.deviceId, dayAt(t.startTime));
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
