import type { TemplateVariables } from '../callbacks/template.ts';
import type { StoredEvent } from '../model/records.ts';
import type { Webhook } from './webhook.ts';

/** What a webhook says about an event: its fields, and the device's name when it has one. */
export interface EventOccurrence {
  /** `type` is an event type, or `test` for a test send. */
  event: Pick<StoredEvent, 'id' | 'time' | 'deviceId' | 'groupId' | 'key' | 'attributes'> & { type: string };
  deviceName: string | null;
}

/** Names a webhook template may use besides `attribute#<name>`. */
export const EVENT_VARIABLES = [
  'id',
  'type',
  'time',
  'timeMs',
  'deviceId',
  'deviceName',
  'groupId',
  'key',
  'webhookId',
  'attributes',
];

/**
 * Template variables: `{id}`, `{type}`, `{time}` (ISO 8601), `{timeMs}`, `{deviceId}`, `{deviceName}`,
 * `{groupId}`, `{key}`, `{webhookId}`, `{attributes}` (JSON), and `{attribute#name}` for each scalar attribute.
 */
export function eventVariables(webhook: Webhook, o: EventOccurrence): TemplateVariables {
  const e = o.event;
  const vars: TemplateVariables = {
    id: e.id,
    type: e.type,
    time: new Date(e.time).toISOString(),
    timeMs: e.time,
    deviceId: e.deviceId,
    deviceName: o.deviceName,
    groupId: e.groupId,
    key: e.key,
    webhookId: webhook.id,
    attributes: JSON.stringify(e.attributes),
  };
  for (const [k, v] of Object.entries(e.attributes)) {
    if (v == null || ['string', 'number', 'boolean'].includes(typeof v))
      vars[`attribute#${k}`] = v as string | number | boolean | null;
  }
  return vars;
}

/** The body sent when a webhook has no template of its own. */
export function defaultEventBody(webhook: Webhook, o: EventOccurrence): string {
  const e = o.event;
  return JSON.stringify({
    webhookId: webhook.id,
    event: {
      id: e.id,
      type: e.type,
      time: new Date(e.time).toISOString(),
      deviceId: e.deviceId,
      deviceName: o.deviceName,
      groupId: e.groupId,
      key: e.key,
      attributes: e.attributes,
    },
  });
}
