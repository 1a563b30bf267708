import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { templateVariables } from '../../callbacks/template.ts';
import { EVENT_VARIABLES } from '../../webhooks/event-body.ts';
import { queueWebhook } from '../../webhooks/queue.ts';
import {
  DEFAULT_MAX_ATTEMPTS,
  isWebhook,
  newWebhookCallback,
  webhookOf,
  webhookPatch,
  type Webhook,
} from '../../webhooks/webhook.ts';
import { inScope, principalOf, requireRole, roleAtLeast, type Principal } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { errors, IdParams, Literals } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';
import {
  CreateWebhookBody,
  DeliverySchema,
  presentDelivery,
  presentWebhook,
  redactedWebhook,
  UpdateWebhookBody,
  WebhookSchema,
} from './webhook-schemas.ts';

/** A template naming an unknown variable is refused when saved, not discovered in a receiver's log. */
function checkTemplates(
  bodyTemplate: string | null | undefined,
  headers: Record<string, string> | undefined,
) {
  const used = [bodyTemplate ?? '', ...Object.values(headers ?? {})].flatMap(templateVariables);
  const unknown = used.filter((v) => !EVENT_VARIABLES.includes(v) && !v.startsWith('attribute#'));
  if (unknown.length)
    throw new ApiError('BAD_REQUEST', `unknown template variables: ${[...new Set(unknown)].join(', ')}`);
}

/** Header values and URL secrets are for the roles that may change the webhook (manager and above). */
const REDACTED_FOR_VIEWERS =
  'A viewer sees header values, and the values of secret-bearing query parameters of the URL (`key`, `token`, ' +
  '`api_key`…), as `[redacted]`.';
const asSeenBy = (principal: Principal, w: Webhook): Webhook =>
  roleAtLeast(principal.role, 'manager') ? w : redactedWebhook(w);

export const webhookRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['webhooks'];

  /** The webhook when it lies in the caller's subtree; 404 otherwise, as for every resource. */
  const scoped = async (principal: Principal, id: number): Promise<Webhook> => {
    const c = await hub.storage.getCallback(id);
    const group = c && isWebhook(c) ? await hub.storage.getGroup(c.groupId) : null;
    if (!c || !group || !inScope(principal, group.path))
      throw new ApiError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
    return webhookOf(c);
  };

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: "Event webhooks of the caller's subtree",
        description: REDACTED_FOR_VIEWERS,
        querystring: Type.Object({ groupId: Type.Optional(Type.Integer()) }),
        response: { 200: Type.Object({ items: Type.Array(WebhookSchema) }), ...errors(401, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const groups = await hub.storage.listGroups(principal.scope);
      const ids = new Set(groups.map((g) => g.id));
      if (request.query.groupId != null && !ids.has(request.query.groupId))
        throw new ApiError('GROUP_NOT_FOUND', `no group ${request.query.groupId}`);
      const all = await hub.storage.listCallbacks({ groupId: request.query.groupId });
      const items = all.filter((c) => isWebhook(c) && ids.has(c.groupId)).map((c) => webhookOf(c));
      return { items: items.map((w) => presentWebhook(asSeenBy(principal, w))) };
    },
  );

  /**
   * A webhook fires for events of its group's subtree, so it may name only devices there. A device of another
   * group and one that does not exist get the same answer: the filter must not tell them apart.
   */
  const requireDevicesIn = async (group: { id: number; path: string }, ids: number[] | null | undefined) => {
    for (const id of ids ?? []) {
      const device = await hub.storage.getDevice(id);
      const deviceGroup = device && (await hub.storage.getGroup(device.groupId));
      if (!deviceGroup?.path.startsWith(group.path))
        throw new ApiError('DEVICE_NOT_FOUND', `no device ${id} in group ${group.id} or below it`);
    }
  };

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One event webhook',
        description: REDACTED_FOR_VIEWERS,
        params: IdParams,
        response: { 200: WebhookSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return presentWebhook(asSeenBy(principal, await scoped(principal, request.params.id)));
    },
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary:
          'Subscribe a URL to events of a group subtree; the answer shows the signing secret once (manager)',
        body: CreateWebhookBody,
        response: { 201: WebhookSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const b = request.body;
      const group = await scopedGroup(hub, principal, b.groupId ?? principal.group.id);
      if (b.deviceTypeId != null) {
        const type = await hub.storage.getDeviceType(b.deviceTypeId);
        const typeGroup = type && (await hub.storage.getGroup(type.groupId));
        if (!typeGroup || !inScope(principal, typeGroup.path))
          throw new ApiError('DEVICE_TYPE_NOT_FOUND', `no device type ${b.deviceTypeId}`);
      }
      await requireDevicesIn(group, b.deviceIds);
      checkTemplates(b.bodyTemplate, b.headers);
      const secret = b.secret ?? randomBytes(24).toString('base64url');
      const fields = {
        name: b.name ?? '',
        url: b.url,
        eventTypes: b.eventTypes ?? null,
        deviceIds: b.deviceIds ?? null,
        headers: b.headers ?? {},
        bodyTemplate: b.bodyTemplate ?? null,
        signingSecret: secret,
        maxAttempts: b.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      };
      const created = await hub.storage.createCallback(
        newWebhookCallback(group.id, b.deviceTypeId ?? null, fields, b.enabled ?? true),
      );
      return reply.status(201).send(presentWebhook(webhookOf(created), secret));
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook; `dead: false` or `enabled: true` revives a dead one (manager)',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'manager');
      const current = await scoped(principal, request.params.id);
      const { secret, ...change } = request.body;
      await requireDevicesIn((await hub.storage.getGroup(current.groupId))!, change.deviceIds);
      checkTemplates(change.bodyTemplate ?? current.bodyTemplate, change.headers ?? current.headers);
      // Turning a webhook on again is the way back from dead, as the issue of repeated failures is fixed.
      const dead = change.dead ?? (change.enabled === true ? false : undefined);
      const patch = webhookPatch(current, { ...change, dead, ...(secret ? { signingSecret: secret } : {}) });
      const updated = await hub.storage.updateCallback(current.id, patch);
      return presentWebhook(webhookOf(updated!));
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook and its delivery log (manager)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const current = await scoped(principal, request.params.id);
      await hub.storage.deleteCallback(current.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary:
          "A webhook's delivery log, newest first: status, attempts and the reason of the last failure",
        params: IdParams,
        querystring: Type.Object({
          status: Type.Optional(Literals(['pending', 'delivered', 'failed'] as const)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(DeliverySchema) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const w = await scoped(principalOf(request), request.params.id);
      const q = request.query;
      const items = await hub.storage.listDeliveries({
        callbackIds: [w.id],
        status: q.status,
        limit: q.limit ?? 100,
        offset: q.offset,
      });
      return { items: items.map(presentDelivery) };
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        summary:
          'Queue a test event (type `test`) through the webhook, signed and logged like any delivery; ' +
          'a success revives a dead webhook (manager)',
        params: IdParams,
        response: { 202: DeliverySchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const w = await scoped(principal, request.params.id);
      const callback = (await hub.storage.getCallback(w.id))!;
      const now = Date.now();
      const event = {
        id: 0,
        type: 'test',
        time: now,
        deviceId: null,
        groupId: w.groupId,
        key: null,
        attributes: { test: true },
      } as const;
      const delivery = await queueWebhook(hub.storage, callback, { event, deviceName: null }, null, now);
      return reply.status(202).send(presentDelivery(delivery));
    },
  );
};
