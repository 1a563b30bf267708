/**
 * Derivation rules and their defaults. Defaults suit phones, vehicle trackers and sparse satellite trackers alike;
 * a group's `attributes.derive` overrides them for its subtree, a device's `attributes.derive` for itself.
 */
export interface DeriveRules {
  /** A stop is staying within this many metres of where it began... */
  stopRadius: number;
  /** ...for at least this many seconds. */
  stopDwell: number;
  /** With ignition reported, an ignition-off spell this long (seconds) is a stop wherever the fixes drift. */
  ignitionDwell: number;
  /** A data gap of at least `stopDwell` whose average speed is below this (km/h) counts as a stop. */
  gapStopSpeed: number;
  /** A fix implying a faster move than this (km/h) from the previous one is a GPS jump. */
  maxSpeed: number;
  /** Over-speed threshold in km/h; 0 turns it off. */
  speedLimit: number;
  /** m/s² of speed gained or lost between two fixes at most `harshWindow` seconds apart. */
  harshAcceleration: number;
  harshBraking: number;
  harshWindow: number;
  /** Battery level (percent) under which a low-battery event is raised. */
  lowBattery: number;
  /** Seconds a device must be inside (or outside) a place before it counts as entered (or left). */
  placeDwell: number;
  /** Metres beyond a place's edge a device must go before it counts as outside: GPS drift at the edge. */
  placeMargin: number;
}

export const DEFAULT_RULES: DeriveRules = {
  stopRadius: 200,
  stopDwell: 180,
  ignitionDwell: 60,
  gapStopSpeed: 5,
  maxSpeed: 300,
  speedLimit: 0,
  harshAcceleration: 3,
  harshBraking: 4,
  harshWindow: 10,
  lowBattery: 15,
  placeDwell: 60,
  placeMargin: 50,
};

/**
 * Applies overrides in order (root group first, device last). Attributes are free-form, so an unknown key or a
 * value that is not a number of at least 0 is ignored rather than stopping derivation for the device.
 */
export function resolveRules(overrides: unknown[]): DeriveRules {
  const rules: DeriveRules = { ...DEFAULT_RULES };
  for (const o of overrides) {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
    for (const [key, value] of Object.entries(o)) {
      if (key in DEFAULT_RULES && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        (rules as unknown as Record<string, number>)[key] = value;
      }
    }
  }
  return rules;
}
