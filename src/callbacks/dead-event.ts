import type { EmitEvents } from '../derive/deriver.ts';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Delivery } from '../storage/deliveries.ts';

/**
 * A callback turned dead raises a `callback-dead` event (DESIGN.md §6) on the device whose delivery failed, so it
 * shows in the events API, on the live stream and to other webhooks. Keyed by callback: one event per callback
 * and moment. A delivery with no device (a test send) raises none.
 */
export function deadCallbackEvent(emit: EmitEvents, now: () => number = Date.now) {
  return async (callback: OutgoingCallback, delivery: Delivery): Promise<void> => {
    if (delivery.deviceId == null) return;
    const attributes = {
      callbackId: callback.id,
      channel: callback.channel,
      kind: callback.kind,
      deliveryId: delivery.id,
      reason: delivery.lastReason,
    };
    await emit([
      {
        deviceId: delivery.deviceId,
        events: [{ type: 'callback-dead', time: now(), key: String(callback.id), attributes }],
      },
    ]);
  };
}
