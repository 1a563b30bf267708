import { CommitFollower } from '../../../pipeline/commit-follower.ts';
import type { Storage } from '../../../storage/storage.ts';
import { TRIP_MESSAGE } from '../connector/to-records.ts';
import { readTrip } from '../wire/parse-trips.ts';
import type { ImportedTrip, MixTripStore } from './store.ts';

/**
 * Keeps the imported trips (the vendor's table) in step with the committed trip messages, by following the
 * commit order from a cursor of its own: a crash between a page's commit and this projection only delays it.
 * Polls seldom; the mount wakes it when a page brings trips, and reads catch it up first.
 */
export function importedTripsFollower(
  storage: Storage,
  store: MixTripStore,
  onError: (err: unknown) => void,
): CommitFollower {
  return new CommitFollower({
    storage,
    name: 'mix-trips',
    kinds: ['message'],
    pollMs: 60_000,
    onError,
    handle: async (records) => {
      const trips: ImportedTrip[] = [];
      for (const r of records) {
        if (r.kind !== 'message' || r.record.messageType !== TRIP_MESSAGE || r.record.payload == null)
          continue;
        // Stored only after the connector read it, so it reads again; anything else is not a trip to keep.
        try {
          const trip = readTrip(JSON.parse(r.record.payload), `message ${r.record.id}`);
          trips.push({ deviceId: r.record.deviceId, messageId: r.record.id, trip });
        } catch (err) {
          onError(err);
        }
      }
      await store.save(trips);
    },
  });
}
