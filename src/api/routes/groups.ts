import { scopedGroup } from '../access.ts';
import { Type } from '@sinclair/typebox';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { presentGroup } from '../presenters.ts';
import { errors, IdParams, Nullable, ref } from '../schemas.ts';
import type { App } from '../app.ts';

const GroupBody = Type.Object(
  {
    parentId: Type.Optional(Type.Integer({ description: "Defaults to the caller's own group" })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unknownDevices: Type.Optional(Type.Union([Type.Literal('create'), Type.Literal('reject')])),
    retentionDays: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
const GroupPatch = Type.Partial(Type.Omit(GroupBody, ['parentId']), { additionalProperties: false });

export const groupRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['groups'];
  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: "The caller's group and every group below it",
        response: { 200: Type.Object({ items: Type.Array(ref('Group')) }), ...errors(401) },
      },
    },
    async (request) => ({
      items: (await hub.storage.listGroups(principalOf(request).scope)).map(presentGroup),
    }),
  );
  app.get(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'One group',
        params: IdParams,
        response: { 200: ref('Group'), ...errors(401, 404) },
      },
    },
    async (request) => presentGroup(await scopedGroup(hub, principalOf(request), request.params.id)),
  );
  app.post(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Create a group below one the caller may see (admin)',
        body: GroupBody,
        response: { 201: ref('Group'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'admin');
      const parent = await scopedGroup(hub, principal, request.body.parentId ?? principal.group.id);
      const group = await hub.storage.createGroup({ ...request.body, parentId: parent.id });
      return reply.status(201).send(presentGroup(group));
    },
  );
  app.patch(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: "Change a group's name, unknown-device policy, retention or attributes (admin)",
        params: IdParams,
        body: GroupPatch,
        response: { 200: ref('Group'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin');
      await scopedGroup(hub, principal, request.params.id);
      return presentGroup((await hub.storage.updateGroup(request.params.id, request.body))!);
    },
  );
};
