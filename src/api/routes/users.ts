import { Type } from '@sinclair/typebox';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import { ROLES } from '../../model/records.ts';
import type { UserPatch } from '../../storage/users.ts';
import { requireRole, roleAtLeast, type Principal } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentUser } from '../presenters.ts';
import { errors, IdParams, Literals, ref } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';

const Password = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: 1000,
  description: `At least ${MIN_PASSWORD_LENGTH} characters; stored only as a salted scrypt hash`,
});

function grantable(principal: Principal, role: (typeof ROLES)[number]) {
  if (!roleAtLeast(principal.role, role)) {
    throw new ApiError('FORBIDDEN', 'a user cannot be given more than its creator has');
  }
}

export const userRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['users'];
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: "Web users of the caller's subtree, disabled ones included (admin)",
        response: { 200: Type.Object({ items: Type.Array(ref('User')) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin');
      return { items: (await hub.storage.users.listUsers(principal.scope)).map(presentUser) };
    },
  );
  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a web user who signs in with a login and password (admin)',
        body: Type.Object(
          {
            login: Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S+$' }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Literals(ROLES),
            groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 201: ref('User'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'admin');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      grantable(principal, request.body.role);
      if (await hub.storage.users.findLogin(request.body.login)) {
        throw new ApiError('CONFLICT', `the login "${request.body.login}" is taken`);
      }
      const user = await hub.storage.users.createUser({
        groupId: group.id,
        login: request.body.login,
        name: request.body.name,
        role: request.body.role,
        passwordHash: await hashPassword(request.body.password),
      });
      return reply.status(201).send(presentUser(user));
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary:
          'Change a user: name, role, group, password, or disable it (admin); sessions end on the last two',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(Literals(ROLES)),
            groupId: Type.Optional(Type.Integer()),
            password: Type.Optional(Password),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref('User'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin');
      const { name, role, groupId, password, disabled } = request.body;
      if (role) grantable(principal, role);
      const patch: UserPatch = { name, role, disabled };
      if (groupId !== undefined) patch.groupId = (await scopedGroup(hub, principal, groupId)).id;
      if (password !== undefined) patch.passwordHash = await hashPassword(password);
      const user = await hub.storage.users.updateUser(request.params.id, principal.scope, patch);
      if (!user) throw new ApiError('USER_NOT_FOUND', `no user ${request.params.id}`);
      return presentUser(user);
    },
  );
};
