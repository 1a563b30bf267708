import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { TRIP_MESSAGE } from './connector/to-records.ts';
import { mixTripsRoutes } from './facade/routes.ts';
import { dataGapEvents } from './gap-events.ts';
import { mixTripStore } from './storage/store.ts';
import { importedTripsFollower } from './storage/trip-follower.ts';

type MixHub = Pick<HubContext, 'storage' | 'pipeline' | 'derivedUpToDate'>;

/**
 * Everything MiX adds to a running hub: `GET /trips/:since` under `/compat/mix`; after each commit, imported
 * trips kept up to date from the trip messages and data-gap events for windows a source could not fetch.
 */
export const mixMount = (hub: MixHub) => async (app: App) => {
  const store = mixTripStore(hub.storage);
  const onError = (err: unknown) => app.log.error({ err }, 'MiX imported trips: projection failed; retrying');
  const follower = importedTripsFollower(hub.storage, store, onError);
  await follower.init();
  follower.start();
  let stopped = false;
  app.addHook('onClose', async () => {
    stopped = true;
    await follower.stop();
  });
  // Reads wait for the round begun after the last commit of trips here, not for a round of their own: a read
  // with no new trips committed costs nothing. Commits of other processes are followed by the follower's polls.
  // The first round also projects what a crash left behind.
  let upToDate = follower.catchUp().catch(onError);
  hub.pipeline.onCommit((batch) => {
    const trips = batch.items.some(
      (i) => i.committed?.status === 'accepted' && i.committed.message?.messageType === TRIP_MESSAGE,
    );
    if (trips && !stopped) upToDate = follower.catchUp().catch(onError);
  });
  hub.pipeline.onCommit(dataGapEvents(hub.storage, hub.pipeline));
  await app.register(mixTripsRoutes(hub, { store, importsUpToDate: () => upToDate }), {
    prefix: '/compat/mix',
  });
};
