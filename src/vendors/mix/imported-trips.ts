import type { HubContext } from '../../api/context.ts';
import type { CommitHook } from '../../pipeline/pipeline.ts';
import { TRIP_MESSAGE } from './connector/to-records.ts';
import { mixTripStore } from './storage/index.ts';
import type { MixTripStore } from './storage/store.ts';
import { importedTripsFollower } from './storage/trip-follower.ts';

type MixHub = Pick<HubContext, 'storage' | 'pipeline'>;

/** The imported-trips table of one hub, kept up to date from the trip messages in commit order. */
export interface ImportedTrips {
  store: MixTripStore;
  /** Resolves once the trips committed before the call are in the table. */
  upToDate(): Promise<void>;
  /** Wakes the projection after a commit that stored trip messages. */
  afterCommit: CommitHook;
  /** Where projection failures go (they are retried on the next round); the hub's log once it runs. */
  onError: (err: unknown) => void;
  start(): void;
  stop(): Promise<void>;
}

const byHub = new WeakMap<MixHub['storage'], ImportedTrips>();

/**
 * One projection per hub (per storage), shared by the descriptor's parts: the after-commit hook wakes it, the
 * facade waits for it, the service starts and stops it. Its first round also projects what a crash left behind.
 */
export function importedTrips(hub: MixHub): ImportedTrips {
  const known = byHub.get(hub.storage);
  if (known) return known;
  const store = mixTripStore(hub.storage);
  const onError = (err: unknown) => trips.onError(err);
  const follower = importedTripsFollower(hub.storage, store, onError);
  const ready = follower.init();
  let stopped = false;
  // Reads wait for the round begun after the last commit of trips here, not for a round of their own: a read
  // with no new trips committed costs nothing. Commits of other processes are followed by the follower's polls.
  let upToDate = ready.then(() => follower.catchUp()).catch(onError);
  const trips: ImportedTrips = {
    store,
    upToDate: () => upToDate,
    onError: (err) => console.error('MiX imported trips: projection failed; retrying', err),
    afterCommit: (batch) => {
      const stored = batch.items.some(
        (i) => i.committed?.status === 'accepted' && i.committed.message?.messageType === TRIP_MESSAGE,
      );
      if (stored && !stopped) upToDate = ready.then(() => follower.catchUp()).catch(onError);
    },
    start: () => void ready.then(() => follower.start(), onError),
    stop: async () => {
      stopped = true;
      await follower.stop();
    },
  };
  byHub.set(hub.storage, trips);
  return trips;
}
