import { Type } from '@sinclair/typebox';
import { randomInt } from 'node:crypto';
import { inScope, principalOf, requireRole } from '../../../api/auth.ts';
import type { HubContext } from '../../../api/context.ts';
import { ApiError } from '../../../api/errors.ts';
import { errors } from '../../../api/schemas.ts';
import type { App } from '../../../api/app.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Feed } from '../storage/feeds.ts';
import { spotFeeds } from '../storage/index.ts';

const FeedBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    deviceIds: Type.Array(Type.Integer(), { minItems: 1, maxItems: 1000 }),
    rateLimited: Type.Optional(
      Type.Boolean({ description: "Reproduce SPOT's rate limit for this feed's callers" }),
    ),
  },
  { additionalProperties: false },
);

const FeedOut = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  feedId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  passwordProtected: Type.Boolean(),
  deviceIds: Type.Array(Type.Integer()),
  rateLimited: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

const present = (f: Feed) => ({
  id: f.id,
  groupId: f.groupId,
  feedId: f.feedId,
  name: f.name,
  description: f.description,
  passwordProtected: f.passwordHash != null,
  deviceIds: f.deviceIds,
  rateLimited: f.rateLimited,
  createdAt: new Date(f.createdAt).toISOString(),
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 33 letters and digits, as SPOT's feed ids are: ~196 bits, so a feed id cannot be guessed. */
function generateFeedId(): string {
  return Array.from({ length: 33 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Managing SPOT-shaped feeds through the native API (its Bearer tokens, error shape and OpenAPI). */
export const spotFeedAdminRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['SPOT feeds'];
  app.get(
    '/api/v1/spot/feeds',
    {
      schema: {
        tags,
        summary: 'Feeds served by the SPOT feed API',
        response: { 200: Type.Object({ items: Type.Array(FeedOut) }), ...errors(401) },
      },
    },
    async (request) => ({
      items: (await spotFeeds(hub.storage).listFeeds(principalOf(request).scope)).map(present),
    }),
  );
  app.post(
    '/api/v1/spot/feeds',
    {
      schema: {
        tags,
        summary: 'Publish devices as a SPOT feed',
        body: FeedBody,
        response: { 201: FeedOut, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const body = request.body;
      const group = await hub.storage.getGroup(body.groupId ?? principal.group.id);
      if (!group || !inScope(principal, group.path)) {
        throw new ApiError('GROUP_NOT_FOUND', `no group ${body.groupId}`);
      }
      for (const id of body.deviceIds) {
        const device = await hub.storage.getDevice(id);
        const home = device && (await hub.storage.getGroup(device.groupId));
        if (!home || !home.path.startsWith(group.path)) {
          throw new ApiError('DEVICE_NOT_FOUND', `no device ${id} in group ${group.id}`);
        }
      }
      const feed = await spotFeeds(hub.storage).createFeed({
        groupId: group.id,
        feedId: generateFeedId(),
        name: body.name,
        description: body.description ?? body.name,
        passwordHash: body.password ? hashSecret(body.password) : null,
        deviceIds: body.deviceIds,
        rateLimited: body.rateLimited ?? false,
      });
      return reply.status(201).send(present(feed));
    },
  );
  app.delete(
    '/api/v1/spot/feeds/:id',
    {
      schema: {
        tags,
        summary: 'Stop publishing a feed',
        params: Type.Object({ id: Type.Integer() }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      if (!(await spotFeeds(hub.storage).deleteFeed(request.params.id, principal.scope))) {
        throw new ApiError('NOT_FOUND', `no feed ${request.params.id}`);
      }
      return reply.status(204).send(null);
    },
  );
};
