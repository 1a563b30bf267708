import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../model/records.ts';
import type { Delivery } from '../../storage/deliveries.ts';
import type { DeliveryPayload } from '../../callbacks/request.ts';
import { REDACTED, redactUrl } from '../../lib/redact.ts';
import type { Webhook } from '../../webhooks/webhook.ts';
import { iso } from '../presenters.ts';
import { IsoTime, Literals, Nullable } from '../schemas.ts';

const Fields = {
  name: Type.String({ maxLength: 200 }),
  url: Type.String({ pattern: '^https?://', description: 'Receives a POST of the JSON body per event' }),
  eventTypes: Nullable(
    Type.Array(Literals(EVENT_TYPES), { minItems: 1, description: 'Only these types; null: every type' }),
  ),
  deviceIds: Nullable(
    Type.Array(Type.Integer({ minimum: 1 }), {
      minItems: 1,
      maxItems: 1000,
      description: "Only these devices, each in the webhook's group or below it; null: every device",
    }),
  ),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Values may use the variables' }),
  bodyTemplate: Nullable(
    Type.String({ description: 'JSON body with {variables}; null: the default body (see docs/webhooks.md)' }),
  ),
  maxAttempts: Type.Integer({ minimum: 1, maximum: 20, description: 'Attempts before a delivery fails' }),
  enabled: Type.Boolean(),
};

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  deviceTypeId: Nullable(Type.Integer()),
  ...Fields,
  dead: Type.Boolean({
    description: 'Its last delivery failed for good; nothing new is queued until revived',
  }),
  createdAt: IsoTime,
  secret: Type.Optional(
    Type.String({ description: 'The signing secret: only in the answer to its creation' }),
  ),
});

const Secret = Type.String({
  minLength: 16,
  description: 'HMAC-SHA256 signing secret; generated when absent',
});

export const CreateWebhookBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    deviceTypeId: Type.Optional(Nullable(Type.Integer({ description: 'Only devices of this type' }))),
    url: Fields.url,
    name: Type.Optional(Fields.name),
    eventTypes: Type.Optional(Fields.eventTypes),
    deviceIds: Type.Optional(Fields.deviceIds),
    headers: Type.Optional(Fields.headers),
    bodyTemplate: Type.Optional(Fields.bodyTemplate),
    maxAttempts: Type.Optional(Fields.maxAttempts),
    enabled: Type.Optional(Fields.enabled),
    secret: Type.Optional(Secret),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Fields.url),
    name: Type.Optional(Fields.name),
    eventTypes: Type.Optional(Fields.eventTypes),
    deviceIds: Type.Optional(Fields.deviceIds),
    headers: Type.Optional(Fields.headers),
    bodyTemplate: Type.Optional(Fields.bodyTemplate),
    maxAttempts: Type.Optional(Fields.maxAttempts),
    enabled: Type.Optional(Fields.enabled),
    dead: Type.Optional(Type.Literal(false, { description: 'false revives a dead webhook' })),
    secret: Type.Optional(Secret),
  },
  { additionalProperties: false },
);

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  status: Literals(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(IsoTime),
  lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt' })),
  lastReason: Nullable(Type.String({ description: 'Why the last attempt failed' })),
  eventType: Nullable(Type.String()),
  eventId: Nullable(Type.Integer()),
  body: Nullable(Type.String({ description: 'The body as sent' })),
  createdAt: IsoTime,
  deliveredAt: Nullable(IsoTime),
});

/**
 * A webhook as a caller below the manager role sees it: header values and the secret-bearing query parameters of
 * the URL (an API key of the receiving end, often) redacted, since only a manager could change or reuse them.
 */
export function redactedWebhook(w: Webhook): Webhook {
  const headers = Object.fromEntries(Object.keys(w.headers).map((name) => [name, REDACTED]));
  return { ...w, url: redactUrl(w.url), headers };
}

export function presentWebhook(w: Webhook, secret?: string) {
  return {
    id: w.id,
    groupId: w.groupId,
    deviceTypeId: w.deviceTypeId,
    name: w.name,
    url: w.url,
    eventTypes: w.eventTypes,
    deviceIds: w.deviceIds,
    headers: w.headers,
    bodyTemplate: w.bodyTemplate,
    maxAttempts: w.maxAttempts,
    enabled: w.enabled,
    dead: w.dead,
    createdAt: iso(w.createdAt),
    ...(secret ? { secret } : {}),
  };
}

export function presentDelivery(d: Delivery) {
  const payload = JSON.parse(d.payload) as DeliveryPayload;
  const body = payload.request.channel === 'webhook' ? payload.request.body : null;
  const vars = payload.parameters;
  return {
    id: d.id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastStatus: d.lastStatus,
    lastReason: d.lastReason,
    eventType: vars.type == null ? null : String(vars.type),
    eventId: typeof vars.id === 'number' ? vars.id : null,
    body,
    createdAt: iso(d.createdAt),
    deliveredAt: d.deliveredAt == null ? null : iso(d.deliveredAt),
  };
}
