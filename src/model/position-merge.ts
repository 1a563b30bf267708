import type { PositionFields } from './records.ts';

/** Fields that hold one value: a copy of the position that has it gives it to one that lacks it (null). */
const SINGLE_FIELDS = [
  'accuracy',
  'altitude',
  'speed',
  'course',
  'hdop',
  'vdop',
  'pdop',
  'satellites',
  'odometer',
  'ignition',
  'motion',
  'inputs',
  'outputs',
  'power',
] as const satisfies readonly (keyof PositionFields)[];

/** Fields that are maps: a copy gives the keys the stored map lacks. */
const MAP_FIELDS = [
  'analogs',
  'temperatures',
  'attributes',
] as const satisfies readonly (keyof PositionFields)[];

/** The position fields a merge may fill (identity, validity and bookkeeping are never touched). */
export const MERGED_POSITION_FIELDS = [...SINGLE_FIELDS, ...MAP_FIELDS] as const;

type Mergeable = Pick<PositionFields, (typeof MERGED_POSITION_FIELDS)[number]>;

/**
 * Another copy of a stored position (same device, fix time and coordinates, DESIGN.md §3) may carry fields the
 * stored one lacks: a sender that reports a fix first sparse, then complete. The stored fields are never
 * overwritten; what the copy adds is kept rather than dropped as a duplicate. `merged` is null when the copy adds
 * nothing.
 */
export function mergePosition<T extends Mergeable>(stored: T, copy: Mergeable): T | null {
  let merged: T | null = null;
  const target = () => (merged ??= { ...stored });
  for (const field of SINGLE_FIELDS) {
    const value = copy[field];
    if (value != null && stored[field] == null) (target() as Mergeable)[field] = value as never;
  }
  for (const field of MAP_FIELDS) {
    const given = copy[field];
    if (given == null) continue;
    const have: Record<string, unknown> = stored[field] ?? {};
    const added = Object.keys(given).filter((k) => given[k] !== undefined && !(k in have));
    if (!added.length) continue;
    const next: Record<string, unknown> = { ...have };
    for (const k of added) next[k] = given[k];
    (target() as Mergeable)[field] = next as never;
  }
  return merged;
}
