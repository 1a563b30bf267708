import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/server.ts';
import { OSMAND_PREFIX, osmandReceiver } from './routes.ts';

/** The OsmAnd receiver on the main port, under its prefix. */
export const osmandMount = (hub: HubContext) => async (app: App) => {
  await app.register(osmandReceiver(hub, { anyPath: false }), { prefix: OSMAND_PREFIX });
};
