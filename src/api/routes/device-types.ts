import { Type } from '@sinclair/typebox';
import { payloadConfigProblems } from '../../decode/payload-config.ts';
import { downlinkProblems, normalizeDownlink } from '../../model/downlink.ts';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentDeviceType } from '../presenters.ts';
import { errors, IdParams, Literals, Nullable, ref } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedDeviceType, scopedGroup } from '../access.ts';

const DeviceTypeBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String()),
    keepAlive: Type.Optional(Type.Integer({ minimum: 0, description: 'Minutes; 0 = off' })),
    payloadType: Type.Optional(Literals(['none', 'string', 'custom', 'geolocation', 'decoder'] as const)),
    payloadConfig: Type.Optional(Nullable(Type.String())),
    downlinkMode: Type.Optional(
      Nullable(Type.String(), {
        description: "direct (the Sigfox document's 0: the type's downlinkData) or callback (1)",
      }),
    ),
    downlinkData: Type.Optional(
      Nullable(Type.String(), {
        description: '8 bytes as 16 hex digits; may hold {time} (4 bytes), {rssi} and {tapId} (2 bytes each)',
      }),
    ),
    alertEmail: Type.Optional(Nullable(Type.String())),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const deviceTypeRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['device types'];
  app.get(
    '/device-types',
    {
      schema: {
        tags,
        summary: "Device types of the caller's subtree",
        response: { 200: Type.Object({ items: Type.Array(ref('DeviceType')) }), ...errors(401) },
      },
    },
    async (request) => ({
      items: (await hub.storage.listDeviceTypes(principalOf(request).scope)).map(presentDeviceType),
    }),
  );
  app.get(
    '/device-types/:id',
    {
      schema: {
        tags,
        summary: 'One device type',
        params: IdParams,
        response: { 200: ref('DeviceType'), ...errors(401, 404) },
      },
    },
    async (request) =>
      presentDeviceType(await scopedDeviceType(hub, principalOf(request), request.params.id)),
  );
  app.post(
    '/device-types',
    {
      schema: {
        tags,
        summary: 'Create a device type (manager)',
        body: DeviceTypeBody,
        response: { 201: ref('DeviceType'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      const problems = [...payloadConfigProblems(request.body), ...downlinkProblems(request.body)];
      if (problems.length) throw new ApiError('BAD_REQUEST', problems.join('; '));
      const { downlinkData } = request.body;
      const type = await hub.storage.createDeviceType({
        ...request.body,
        ...(downlinkData ? { downlinkData: normalizeDownlink(downlinkData) } : {}),
        groupId: group.id,
      });
      return reply.status(201).send(presentDeviceType(type));
    },
  );
};
