import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { PUSH_SOURCE_SECURITY } from '../../../api/openapi/document.ts';
import { submitRecords } from '../../../ingest/push/commit-records.ts';
import { ReceiverError, receiverErrorHandler } from '../../../ingest/push/receiver-error.ts';
import { RECEIVER_BODY_LIMIT } from '../../../ingest/push/body-limit.ts';
import {
  authenticatePushSource,
  type PushTarget,
  type ReceiverSource,
} from '../../../ingest/push/source-auth.ts';
import type { DeviceType, MessageFields } from '../../../model/records.ts';
import { externalKey } from '../../../storage/storage.ts';
import { renderDownlink } from '../../../model/downlink.ts';
import { decodePayload } from '../../../decode/payload.ts';
import { sigfoxDeviceId } from '../device-id.ts';
import { isReplay } from '../status/sequence.ts';
import { askDownlinkCallback } from './downlink-callback.ts';
import { CallbackBodyError, readCallback } from './parse-body.ts';
import { toRecord, VENDOR } from './to-record.ts';
import { toUplink, type SigfoxUplink } from './uplink.ts';

type ReceiverHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'>;

/**
 * Callbacks from the Sigfox network (URL channel, GET/POST/PUT, any content type) into one push source:
 * `/ingest/sigfox/{sourceId}`. Answers after the commit: 204, or for a BIDIR message (`ack` true) the device
 * type's downlink in the document's shape `{"<device>":{"downlinkData":"<16 hex>"}}`.
 */
/** The network's callbacks arrive at a push source of the group's, proven by one of its secrets. */
export const SIGFOX_PUSH_TARGET: PushTarget = { vendor: VENDOR, kinds: ['push'] };

export const sigfoxReceiver = (hub: ReceiverHub) => async (app: App) => {
  // Integrations send JSON, forms, text and JSON-in-a-form-key: read every body as text and decide here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: RECEIVER_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler(receiverErrorHandler);
  const schema = {
    tags: ['receivers'],
    summary: 'Sigfox network callback (data, BIDIR, geolocation) into a push source',
    params: Type.Object({ sourceId: Type.Integer() }),
    security: PUSH_SOURCE_SECURITY,
    response: {
      // The answer a BIDIR callback waits for: the downlink frame by device id (document 004, callbacks).
      200: Type.Record(Type.String(), Type.Object({ downlinkData: Type.String() }), {
        description: 'Received; the downlink to send to the device (a BIDIR callback with one to send)',
      }),
      204: Type.Null({ description: 'Received; no downlink to send' }),
    },
  };
  const handler = async (request: FastifyRequest<{ Params: { sourceId: number } }>, reply: FastifyReply) => {
    if (!hub.state.ready)
      throw new ReceiverError(503, 'NOT_READY', 'the server is starting or shutting down');
    const sender = await authenticatePushSource(
      hub.storage,
      request,
      request.params.sourceId,
      SIGFOX_PUSH_TARGET,
    );
    const { secret: _secret, ...query } = request.query as Record<string, unknown>;
    const raw = typeof request.body === 'string' ? request.body : '';
    let uplink: SigfoxUplink;
    try {
      uplink = toUplink(readCallback(raw, request.headers['content-type'], query));
    } catch (err) {
      if (err instanceof CallbackBodyError) throw new ReceiverError(400, 'INVALID_BODY', err.message);
      throw err;
    }
    // A secret bound to one device sends for that device only.
    if (sender.boundTo && sigfoxDeviceId(sender.boundTo) !== uplink.device) {
      throw new ReceiverError(403, 'FORBIDDEN', `this secret may not send for device ${uplink.device}`);
    }
    return receive(hub, sender, uplink, reply);
  };
  for (const method of ['GET', 'POST', 'PUT'] as const) {
    app.route({ method, url: '/ingest/sigfox/:sourceId', schema, handler });
  }
};

async function receive(hub: ReceiverHub, sender: ReceiverSource, uplink: SigfoxUplink, reply: FastifyReply) {
  const { source } = sender;
  const receivedTime = Date.now();
  const ref = { vendor: VENDOR, externalId: uplink.device };
  const known = (await hub.storage.resolveDevices([ref], null)).get(externalKey(ref));
  const device = known ? await hub.storage.getDevice(known.deviceId) : null;
  const defaultType = Number(source.settings.deviceTypeId) || null;
  const typeId = device?.typeId ?? defaultType;
  const type = typeId ? await hub.storage.getDeviceType(typeId) : null;
  const replay =
    !uplink.duplicate && uplink.data != null && (await isReplay(hub.storage, device, uplink.seqNumber));
  const record = toRecord({
    uplink,
    receivedTime,
    payload: decodePayload(type, uplink.data ?? ''),
    mergeWith: !uplink.data && device ? await storedDataMessage(hub, device.id, uplink) : null,
  });
  const message = record?.message;
  if (replay && message) message.attributes = { ...message.attributes, replay: true };
  const downlink =
    uplink.ack && !uplink.duplicate && type && message
      ? await downlinkFor(hub, type, uplink, message, receivedTime)
      : null;
  // Kept with the message: consumptions count the downlink frames, and a failed downlink callback shows why.
  if (downlink && message) message.attributes = { ...message.attributes, ...downlink };
  const downlinkData = downlink?.downlinkData ?? null;
  if (record) {
    const [outcome] = await submitRecords(hub.pipeline, [record], sender);
    if (outcome!.status === 'rejected') {
      // An unknown device is a 404 here, as the backend API answers it (the other receivers say 403).
      const status = outcome!.code === 'UNKNOWN_DEVICE' || outcome!.code === 'DEVICE_NOT_FOUND' ? 404 : 400;
      throw new ReceiverError(status, outcome!.code, outcome!.reason);
    }
    // A device the network introduced takes the source's device type, so its next payloads decode.
    if (outcome!.status === 'accepted' && !device && defaultType) {
      await hub.storage.updateDevice(outcome!.deviceId, { typeId: defaultType });
    }
  }
  if (!downlinkData) return reply.status(204).send();
  return reply.status(200).send({ [uplink.device]: { downlinkData } });
}

/** The downlink of a BIDIR message: the type's data (mode direct) or its downlink callback's answer. */
async function downlinkFor(
  hub: ReceiverHub,
  type: DeviceType,
  u: SigfoxUplink,
  m: MessageFields,
  now: number,
): Promise<{ downlinkData?: string; downlinkError?: string } | null> {
  if (type.downlinkMode === 'callback') {
    const answer = await askDownlinkCallback(hub.storage, type, u.device, {
      deviceTime: m.deviceTime,
      payload: m.payload ?? null,
      payloadEncoding: m.payloadEncoding ?? null,
      radio: m.radio ?? {},
      attributes: m.attributes ?? {},
      duplicate: false,
      decoded: m.decoded ?? null,
    });
    if ('error' in answer) return { downlinkError: answer.error };
    return answer.downlinkData ? { downlinkData: answer.downlinkData } : null;
  }
  if (!type.downlinkData) return null;
  return { downlinkData: renderDownlink(type.downlinkData, { rssi: u.rssi, station: u.station, time: now }) };
}

/**
 * The identity of the stored data message a geolocation belongs to, when the data came first (as the network
 * usually sends them); otherwise the data message adopts the position when it comes.
 */
async function storedDataMessage(
  hub: ReceiverHub,
  deviceId: number,
  u: SigfoxUplink,
): Promise<string | null> {
  if (u.seqNumber == null || u.time == null) return null;
  const page = await hub.storage.listMessages({ deviceId, from: u.time, to: u.time + 1, limit: 100 });
  const found = page.items.find(
    (m) => !m.duplicate && m.radio.seqNumber === u.seqNumber && m.payload != null,
  );
  return found?.sourceMessageId ?? null;
}
