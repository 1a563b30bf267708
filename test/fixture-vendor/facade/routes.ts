import type { App } from '../../../src/api/app.ts';
import type { HubContext } from '../../../src/api/context.ts';
import { ACME } from '../connector/connector.ts';
import { acmeStorage } from '../storage/index.ts';

/** `GET /compat/acme/units/{unit}`: the unit's latest fix and its notes, in the vendor's own shape. */
export const acmeFacade = (hub: HubContext) => async (app: App) => {
  app.get<{ Params: { unit: string } }>('/units/:unit', async (request, reply) => {
    const found = await hub.storage.resolveDevices([{ vendor: ACME, externalId: request.params.unit }], null);
    const device = found.values().next().value;
    if (!device) return reply.status(404).send({ error: 'no such unit' });
    const latest = (await hub.storage.listPositions({ deviceId: device.deviceId, order: 'desc', limit: 1 }))
      .items[0];
    const notes = await hub.storage.extension(acmeStorage).notes(request.params.unit);
    return { unit: request.params.unit, lat: latest?.lat ?? null, lon: latest?.lon ?? null, notes };
  });
};
