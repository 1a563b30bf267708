import type { EventFields } from '../model/records.ts';
import type { DeriveRules } from './rules.ts';

/** What the alarm rules read of a position. */
export interface AlarmFix {
  time: number;
  lat: number;
  lon: number;
  attributes: Record<string, unknown>;
}

export interface AlarmState {
  lowBattery: boolean;
}

/** Battery level in percent under the names receivers use (OsmAnd `batt`, OwnTracks `batt`, Traccar `batteryLevel`). */
function batteryLevel(a: Record<string, unknown>): number | null {
  for (const key of ['batteryLevel', 'battery', 'batt']) {
    const v = a[key];
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
  }
  return null;
}

/**
 * Alarms read from positions: an `alarm` attribute of `sos` (the convention of Traccar-style receivers; sources
 * that know SOS natively, like SPOT's HELP, raise the event themselves), and low battery. The low-battery state
 * depends on the current fix alone, so a replay starting anywhere agrees with the original.
 */
export function alarmStep(rules: DeriveRules, state: AlarmState, fix: AlarmFix, events: EventFields[]): void {
  const alarm = fix.attributes.alarm;
  if (alarm === 'sos')
    events.push({ type: 'sos', time: fix.time, attributes: { lat: fix.lat, lon: fix.lon } });
  const level = batteryLevel(fix.attributes);
  if (level == null || rules.lowBattery <= 0) return;
  const low = level < rules.lowBattery;
  if (low && !state.lowBattery) {
    events.push({
      type: 'low-battery',
      time: fix.time,
      attributes: { batteryLevel: level, limit: rules.lowBattery },
    });
  }
  state.lowBattery = low;
}
