import { Type } from '@sinclair/typebox';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentDevice, presentMessage, presentPosition } from '../presenters.ts';
import { errors, IdParams, IsoTime, Literals, Nullable, pageOf, PageQuery, ref } from '../schemas.ts';
import type { App } from '../app.ts';
import type { Page, TimeRangeQuery } from '../../storage/storage.ts';
import { scopedDevice, scopedDeviceType } from '../access.ts';
import { scopedGroup } from '../access.ts';
import { timeParam } from './time-param.ts';

const ExternalIds = Type.Array(
  Type.Object({ vendor: Type.String({ minLength: 1 }), externalId: Type.String({ minLength: 1 }) }),
);
const DeviceBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    typeId: Type.Optional(Nullable(Type.Integer())),
    externalIds: Type.Optional(ExternalIds),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
const DevicePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    groupId: Type.Optional(
      Type.Integer({
        description:
          'Moves the device, with its positions, messages, trips and stops, to this group (one the caller manages); events already raised stay in the group they were raised in',
      }),
    ),
    typeId: Type.Optional(Nullable(Type.Integer())),
    state: Type.Optional(Literals(['ok', 'silent', 'off', 'disabled', 'warn'] as const)),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
const RangeQuery = Type.Object({
  from: Type.Optional(
    Type.Union([IsoTime, Type.Integer()], { description: 'Inclusive; ISO 8601 or epoch ms' }),
  ),
  to: Type.Optional(
    Type.Union([IsoTime, Type.Integer()], { description: 'Exclusive; ISO 8601 or epoch ms' }),
  ),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  ...PageQuery,
});

export const deviceRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['devices'];
  app.get(
    '/devices',
    {
      schema: {
        tags,
        summary: 'Devices with their latest position',
        querystring: Type.Object({ groupId: Type.Optional(Type.Integer()), ...PageQuery }),
        response: { 200: pageOf('Device'), ...errors(400, 401) },
      },
    },
    async (request) => {
      const page = await hub.storage.listDevices({
        scope: principalOf(request).scope,
        groupId: request.query.groupId,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 100,
      });
      return { items: page.items.map(presentDevice), next: page.next };
    },
  );
  app.get(
    '/devices/:id',
    {
      schema: {
        tags,
        summary: 'One device',
        params: IdParams,
        response: { 200: ref('Device'), ...errors(401, 404) },
      },
    },
    async (request) => presentDevice(await scopedDevice(hub, principalOf(request), request.params.id)),
  );
  app.post(
    '/devices',
    {
      schema: {
        tags,
        summary: 'Create a device (manager)',
        body: DeviceBody,
        response: { 201: ref('Device'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      const ids = request.body.externalIds ?? [];
      if (new Set(ids.map((e) => `${e.vendor}\u0000${e.externalId}`)).size !== ids.length) {
        throw new ApiError('BAD_REQUEST', 'externalIds names the same identity twice');
      }
      // A type the caller cannot see is as unknown as one that does not exist (and the database refuses it).
      if (request.body.typeId != null) await scopedDeviceType(hub, principal, request.body.typeId);
      const taken = ids.length ? await hub.storage.resolveDevices(ids, null) : new Map();
      if (taken.size) throw new ApiError('CONFLICT', 'an external id is already used by another device');
      const device = await hub.storage.createDevice({ ...request.body, groupId: group.id });
      return reply.status(201).send(presentDevice(device));
    },
  );
  app.patch(
    '/devices/:id',
    {
      schema: {
        tags,
        summary: 'Rename a device, move it to another group, set its type, state or attributes (manager)',
        params: IdParams,
        body: DevicePatch,
        response: { 200: ref('Device'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'manager');
      await scopedDevice(hub, principal, request.params.id);
      if (request.body.typeId != null) await scopedDeviceType(hub, principal, request.body.typeId);
      if (request.body.groupId != null) await scopedGroup(hub, principal, request.body.groupId);
      const device = (await hub.storage.updateDevice(request.params.id, request.body))!;
      // Derivation keeps each device's group rules and places for a while: a move must count at once.
      if (request.body.groupId != null) hub.derived?.invalidate();
      return presentDevice(device);
    },
  );
  /** History of one device over a time range: positions by fix time, messages by device time. */
  const history = <T>(
    path: string,
    summary: string,
    itemSchema: string,
    list: (query: TimeRangeQuery) => Promise<Page<T>>,
    present: (item: T) => unknown,
  ) =>
    app.get(
      path,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          querystring: RangeQuery,
          response: { 200: pageOf(itemSchema), ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        await scopedDevice(hub, principalOf(request), request.params.id);
        const q = request.query;
        const page = await list({
          deviceId: request.params.id,
          from: timeParam(q.from, 'from'),
          to: timeParam(q.to, 'to'),
          order: q.order,
          cursor: q.cursor,
          limit: q.limit ?? 100,
        });
        return { items: page.items.map(present), next: page.next };
      },
    );
  history(
    '/devices/:id/positions',
    "A device's positions over a fix-time range, ordered by fix time, paged by cursor",
    'Position',
    (q) => hub.storage.listPositions(q),
    presentPosition,
  );
  history(
    '/devices/:id/messages',
    "A device's messages over a device-time range, ordered by device time, paged by cursor",
    'Message',
    (q) => hub.storage.listMessages(q),
    presentMessage,
  );
};
