import { renderRequest, type ChannelConfig, type DeliveryPayload } from '../callbacks/request.ts';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Delivery } from '../storage/deliveries.ts';
import type { Storage } from '../storage/storage.ts';
import { defaultEventBody, eventVariables, type EventOccurrence } from './event-body.ts';
import { webhookOf } from './webhook.ts';

/**
 * Renders a webhook's request for one event and puts it on the shared delivery queue. With `dedupeKey`, an event
 * already queued for this webhook (its commit handled again after a crash) is not queued again.
 */
export function queueWebhook(
  storage: Storage,
  callback: OutgoingCallback,
  occurrence: EventOccurrence,
  dedupeKey: string | null,
  now: number,
): Promise<Delivery> {
  const webhook = webhookOf(callback);
  const vars = eventVariables(webhook, occurrence);
  const config = callback.config as ChannelConfig;
  const request = renderRequest(
    'webhook',
    { ...config, bodyTemplate: webhook.bodyTemplate ?? undefined },
    vars,
  );
  if (request.channel === 'webhook' && webhook.bodyTemplate == null)
    request.body = defaultEventBody(webhook, occurrence);
  const payload: DeliveryPayload = { request, parameters: vars };
  return storage.enqueueDelivery(
    {
      callbackId: callback.id,
      deviceId: occurrence.event.deviceId,
      payload: JSON.stringify(payload),
      dedupeKey,
    },
    now,
  );
}

/**
 * Queued once per event id. A replay keeps the id of an event it derives again unchanged and commits nothing;
 * an event committed again under a new id was retracted first (see model/retraction.ts), and is sent again.
 */
export const eventDedupeKey = (e: Pick<EventOccurrence['event'], 'id'>) => `event:${e.id}`;
