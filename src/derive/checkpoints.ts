/**
 * Checkpoints bound what late data costs. A replay must start from a state that the late fixes cannot have
 * changed: the start of an earlier stop (see TrackMachine), or a checkpoint, a snapshot of the whole state taken
 * after a fix where nothing yet to come can reach back before it (`TrackMachine.atCheckpoint`). A device that
 * never stops has no stop to start from; without checkpoints each late fix would replay its whole history.
 *
 * Checkpoints are taken at most every `SPACING_MS` of fix time and thinned so that the kept ones are about
 * twice as far apart at every step back: a fix arriving `age` late replays about `2 × age` of data, whatever the
 * length of the history, and a device keeps only about log2(history / spacing) checkpoints.
 */
export const SPACING_MS = 10 * 60_000;

/** Of these checkpoint times, those kept when the newest is `newest`: the newest of each doubling of age. */
export function thin(times: readonly number[], newest: number): number[] {
  const byBucket = new Map<number, number>();
  for (const t of times) {
    const age = Math.max(1, (newest - t) / SPACING_MS);
    const bucket = Math.floor(Math.log2(age));
    const kept = byBucket.get(bucket);
    if (kept == null || t > kept) byBucket.set(bucket, t);
  }
  return [...byBucket.values()].sort((a, b) => a - b);
}

/** The latest of these times before `time`, or null. */
export function latestBefore(times: readonly number[], time: number): number | null {
  let found: number | null = null;
  for (const t of times) if (t < time && (found == null || t > found)) found = t;
  return found;
}
