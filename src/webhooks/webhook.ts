import type { EventType } from '../model/records.ts';
import type { CallbackPatch, NewOutgoingCallback, OutgoingCallback } from '../storage/callbacks.ts';

/**
 * An event webhook is an outgoing callback of channel `webhook` and kind `event` (one delivery engine for every
 * callback, DESIGN.md §6); this is what its `config` holds.
 */
export interface WebhookSettings {
  url: string;
  /** Only these event types; null: every type. */
  eventTypes: EventType[] | null;
  /** Only events of these devices; null: every device of the group's subtree (and of the device type). */
  deviceIds: number[] | null;
  headers: Record<string, string>;
  /** A JSON body with `{variables}`; null: the default body (see event-body.ts). */
  bodyTemplate: string | null;
  signingSecret: string;
  /** Attempts before a delivery fails for good; with the worker's backoff, about four hours by default. */
  maxAttempts: number;
}

export const WEBHOOK_KIND = 'event';
export const DEFAULT_MAX_ATTEMPTS = 10;

export interface Webhook extends WebhookSettings {
  id: number;
  groupId: number;
  deviceTypeId: number | null;
  name: string;
  enabled: boolean;
  dead: boolean;
  createdAt: number;
}

export const isWebhook = (c: OutgoingCallback) => c.channel === 'webhook' && c.kind === WEBHOOK_KIND;

export function webhookOf(c: OutgoingCallback): Webhook {
  const config = c.config as Partial<WebhookSettings> & { name?: string };
  return {
    id: c.id,
    groupId: c.groupId,
    deviceTypeId: c.deviceTypeId,
    name: config.name ?? '',
    url: config.url ?? '',
    eventTypes: config.eventTypes ?? null,
    deviceIds: config.deviceIds ?? null,
    headers: config.headers ?? {},
    bodyTemplate: config.bodyTemplate ?? null,
    signingSecret: config.signingSecret ?? '',
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    enabled: c.enabled,
    dead: c.dead,
    createdAt: c.createdAt,
  };
}

export type WebhookFields = WebhookSettings & { name: string };

/** The callback's config: the engine reads url, headers, content type and secret; the dispatcher the filters. */
function configOf(w: WebhookFields): Record<string, unknown> {
  return { ...w, method: 'POST', contentType: 'application/json' };
}

export function newWebhookCallback(
  groupId: number,
  deviceTypeId: number | null,
  fields: WebhookFields,
  enabled: boolean,
): NewOutgoingCallback {
  return { groupId, deviceTypeId, channel: 'webhook', kind: WEBHOOK_KIND, config: configOf(fields), enabled };
}

export function webhookPatch(
  current: Webhook,
  change: Partial<WebhookFields> & { enabled?: boolean; dead?: boolean },
): CallbackPatch {
  const { enabled, dead, ...fields } = change;
  const {
    id: _i,
    groupId: _g,
    deviceTypeId: _t,
    enabled: _e,
    dead: _d,
    createdAt: _c,
    ...settings
  } = current;
  return { config: configOf({ ...settings, ...fields }), enabled, dead };
}
