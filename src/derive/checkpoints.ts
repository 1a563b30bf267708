/**
 * Checkpoints bound what late data costs. A replay must start from a state that the late fixes cannot have
 * changed: the start of an earlier stop (see TrackMachine), or a checkpoint, a snapshot of the whole state taken
 * after a fix where nothing yet to come can reach back before it (`TrackMachine.atCheckpoint`). A device that
 * never stops has no stop to start from; without checkpoints each late fix would replay its whole history.
 *
 * Checkpoints are taken at most every `SPACING_MS` of fix time. All of the last `DENSE` spacings are kept (late
 * data is most often minutes late: an upload after a tunnel, a gateway's buffered batch); older ones are thinned
 * so that they are about twice as far apart at every step back. A fix arriving `age` late replays at most about
 * `2 × age` of data, whatever the length of the history, and a device keeps about `DENSE + log2(history /
 * spacing)` checkpoints.
 */
export const SPACING_MS = 5 * 60_000;
const DENSE = 8;

/**
 * Of these checkpoint times, those kept when the newest is `newest`: all in the last `DENSE` spacings, then the
 * newest of each doubling of age.
 */
export function thin(times: readonly number[], newest: number): number[] {
  const byBucket = new Map<number, number>();
  for (const t of times) {
    const age = (newest - t) / SPACING_MS;
    // Dense ones are buckets of their own (negative keys); older ones share one per doubling of age.
    const bucket = age < DENSE ? -1 - t : Math.floor(Math.log2(age));
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
