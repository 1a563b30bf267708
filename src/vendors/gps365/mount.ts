import type { HubContext } from '../../api/context.ts';
import type { App } from '../../api/app.ts';
import { FACADE_PREFIX, gps365Facade, type Gps365FacadeOptions } from './facade/routes.ts';

/** Everything GPS365 serves over HTTP: its Coordinates API under `/compat/gps365/api`. */
export const gps365Mount =
  (hub: Pick<HubContext, 'storage'>, options: Gps365FacadeOptions = {}) =>
  async (app: App) => {
    await app.register(gps365Facade(hub, options), { prefix: FACADE_PREFIX });
  };
