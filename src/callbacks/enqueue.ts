import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Storage } from '../storage/storage.ts';
import { renderRequest, type ChannelConfig, type DeliveryPayload } from './request.ts';
import type { TemplateVariables } from './template.ts';

/** Batch URL lines wait this long so that messages arriving together leave in one request. */
export const BATCH_WINDOW_MS = 1000;

/** Renders a callback for one occurrence and queues it for the delivery worker. */
export async function queueCallback(
  storage: Storage,
  callback: OutgoingCallback,
  parameters: TemplateVariables,
  deviceId: number | null,
  now: number,
): Promise<void> {
  const request = renderRequest(callback.channel, callback.config as ChannelConfig, parameters);
  const payload: DeliveryPayload = { request, parameters };
  const nextAttemptAt = callback.channel === 'batch-url' ? now + BATCH_WINDOW_MS : now;
  await storage.enqueueDelivery(
    { callbackId: callback.id, deviceId, payload: JSON.stringify(payload), nextAttemptAt },
    now,
  );
}
