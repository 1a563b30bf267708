import type { App } from '../../../src/api/app.ts';
import type { HubContext } from '../../../src/api/context.ts';
import { commitRecords } from '../../../src/ingest/push/commit-records.ts';
import { receiverErrorHandler } from '../../../src/ingest/push/receiver-error.ts';
import { authenticatePushSource, type PushTarget } from '../../../src/ingest/push/source-auth.ts';
import { ACME } from '../connector/connector.ts';
import { acmeStorage } from '../storage/index.ts';

export const ACME_PUSH: PushTarget = { vendor: ACME, kinds: ['push'] };

/** `POST /ingest/acme/{sourceId}?secret=…` with `{unit, time, lat, lon, note}`: a position, and a note of its own. */
export const acmeReceiver = (hub: HubContext) => async (app: App) => {
  app.setErrorHandler(receiverErrorHandler);
  app.post<{
    Params: { sourceId: string };
    Body: { unit: string; time: number; lat: number; lon: number; note: string };
  }>('/:sourceId', async (request, reply) => {
    const sender = await authenticatePushSource(
      hub.storage,
      request,
      Number(request.params.sourceId),
      ACME_PUSH,
    );
    const { unit, time, lat, lon, note } = request.body;
    await commitRecords(
      hub.pipeline,
      [{ device: { vendor: ACME, externalId: unit }, position: { fixTime: time, lat, lon } }],
      sender,
    );
    await hub.storage.extension(acmeStorage).add(unit, note);
    return reply.status(200).send({ ok: true });
  });
};
