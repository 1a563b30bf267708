import { Type } from '@sinclair/typebox';
import { generateToken, hashSecret, secretPrefix } from '../../auth/secrets.ts';
import { principalOf, requireRole, roleAtLeast } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentGroup, presentToken } from '../presenters.ts';
import { errors, IdParams, ref } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('manager'), Type.Literal('viewer')]);

export const tokenRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['tokens'];
  app.get(
    '/tokens',
    {
      schema: {
        tags,
        summary: "API tokens of the caller's subtree, without their secrets (admin)",
        response: { 200: Type.Object({ items: Type.Array(ref('Token')) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin');
      const items = await hub.storage.listCredentials(principal.scope);
      return { items: items.filter((c) => c.kind === 'token').map(presentToken) };
    },
  );
  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is in this response only (admin)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Role,
            groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([ref('Token'), Type.Object({ token: Type.String() })]),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'admin');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      if (!roleAtLeast(principal.role, request.body.role)) {
        throw new ApiError('FORBIDDEN', 'a token cannot grant more than its creator has');
      }
      const token = generateToken();
      const credential = await hub.storage.createCredential({
        groupId: group.id,
        role: request.body.role,
        kind: 'token',
        name: request.body.name,
        prefix: secretPrefix(token),
        secretHash: hashSecret(token),
      });
      return reply.status(201).send({ ...presentToken(credential), token });
    },
  );
  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a token (admin); it stops working at once',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'admin');
      if (!(await hub.storage.revokeCredential(request.params.id, principal.scope))) {
        throw new ApiError('TOKEN_NOT_FOUND', `no live token ${request.params.id}`);
      }
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The calling token and its group (a signed-in user: see GET /session)',
        response: { 200: Type.Object({ token: ref('Token'), group: ref('Group') }), ...errors(401) },
      },
    },
    async (request) => {
      const { credential, group } = principalOf(request);
      if (!credential)
        throw new ApiError('UNAUTHORIZED', 'this names the calling token; a user has GET /session');
      return { token: presentToken(credential), group: presentGroup(group) };
    },
  );
};
