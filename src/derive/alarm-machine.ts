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
 * that know SOS natively, like SPOT's HELP, raise the event themselves), and low battery, raised when the battery
 * turns low, not on every low fix. The low-battery state depends on the current fix alone, so a replay starting
 * anywhere agrees with the original.
 */
export function alarmStep(rules: DeriveRules, state: AlarmState, fix: AlarmFix, events: EventFields[]): void {
  const alarm = fix.attributes.alarm;
  if (alarm === 'sos')
    events.push({ type: 'sos', time: fix.time, attributes: { lat: fix.lat, lon: fix.lon } });
  const battery = batteryLow(rules, fix.attributes);
  if (battery == null || rules.lowBattery <= 0) return;
  if (battery.low && !state.lowBattery) {
    events.push({ type: 'low-battery', time: fix.time, attributes: battery.attributes });
  }
  state.lowBattery = battery.low;
}

/**
 * Low or not: by level under the rule's limit, or by the state word of a device that reports no level (SPOT's
 * `batteryState`, GOOD or LOW, on every message). Null when the fix says nothing about the battery.
 */
function batteryLow(
  rules: DeriveRules,
  a: Record<string, unknown>,
): { low: boolean; attributes: Record<string, unknown> } | null {
  const level = batteryLevel(a);
  if (level != null) {
    return { low: level < rules.lowBattery, attributes: { batteryLevel: level, limit: rules.lowBattery } };
  }
  const word = typeof a.batteryState === 'string' ? a.batteryState.toUpperCase() : null;
  if (word !== 'LOW' && word !== 'GOOD') return null;
  return { low: word === 'LOW', attributes: { batteryState: word } };
}
