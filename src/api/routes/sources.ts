import { Type } from '@sinclair/typebox';
import { inScope, principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentSource } from '../presenters.ts';
import { errors, IdParams, ref } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';

const SourceBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    vendor: Type.String({ minLength: 1 }),
    kind: Type.Union([Type.Literal('pull'), Type.Literal('push')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    unknownDevices: Type.Optional(Type.Union([Type.Literal('create'), Type.Literal('reject')])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const sourceRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['sources'];
  const scopedSource = async (request: Parameters<typeof principalOf>[0], id: number) => {
    const source = await hub.storage.getSource(id);
    const group = source && (await hub.storage.getGroup(source.groupId));
    if (!source || !group || !inScope(principalOf(request), group.path)) {
      throw new ApiError('SOURCE_NOT_FOUND', `no source ${id}`);
    }
    return source;
  };
  app.get(
    '/sources',
    {
      schema: {
        tags,
        summary: 'Connectors and receivers with their status, last error and next run',
        response: { 200: Type.Object({ items: Type.Array(ref('Source')) }), ...errors(401) },
      },
    },
    async (request) => ({
      items: (await hub.storage.listSources(principalOf(request).scope)).map(presentSource),
    }),
  );
  app.get(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'One source',
        params: IdParams,
        response: { 200: ref('Source'), ...errors(401, 404) },
      },
    },
    async (request) => presentSource(await scopedSource(request, request.params.id)),
  );
  app.post(
    '/sources',
    {
      schema: {
        tags,
        summary: 'Configure a source (manager)',
        body: SourceBody,
        response: { 201: ref('Source'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      if (request.body.kind === 'pull' && !hub.connectors.has(request.body.vendor)) {
        const known = [...hub.connectors.keys()].join(', ') || 'none in this build';
        throw new ApiError(
          'BAD_REQUEST',
          `no pull connector for vendor "${request.body.vendor}" (known: ${known})`,
        );
      }
      const source = await hub.storage.createSource({ ...request.body, groupId: group.id });
      hub.sourcesChanged?.();
      return reply.status(201).send(presentSource(source));
    },
  );
  app.patch(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'Enable, disable, rename or reconfigure a source (manager); enabling clears a failed state',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref('Source'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireRole(request, 'manager');
      await scopedSource(request, request.params.id);
      const { enabled } = request.body;
      const status = enabled === undefined ? undefined : enabled ? 'idle' : 'disabled';
      const patch = {
        ...request.body,
        status,
        ...(enabled ? { failures: 0, nextRunAt: null } : {}),
      } as const;
      const updated = await hub.storage.updateSource(request.params.id, patch);
      hub.sourcesChanged?.();
      return presentSource(updated!);
    },
  );
};
