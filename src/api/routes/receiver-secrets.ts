import { Type } from '@sinclair/typebox';
import { randomBytes } from 'node:crypto';
import { hashSecret, secretPrefix } from '../../auth/secrets.ts';
import type { Source } from '../../model/records.ts';
import type { ReceiverSecret } from '../../storage/receiver-secrets.ts';
import { inScope, principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { iso } from '../presenters.ts';
import { errors, IdParams, IsoTime, Nullable } from '../schemas.ts';
import type { App } from '../app.ts';

/** Whether a push receiver takes requests for this source, so that its senders need device secrets. */
const takesSecrets = (targets: HubContext['pushTargets'], s: Pick<Source, 'vendor' | 'kind'>) =>
  targets.some((t) => t.vendor === s.vendor && t.kinds.includes(s.kind));

const SecretSchema = Type.Object({
  id: Type.Integer(),
  sourceId: Type.Integer(),
  externalId: Nullable(Type.String({ description: 'The device identity the secret is bound to; null: any' })),
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the secret, to recognise it' }),
  createdAt: IsoTime,
  revokedAt: Nullable(IsoTime),
});

const present = (s: ReceiverSecret) => ({
  ...s,
  createdAt: iso(s.createdAt),
  revokedAt: s.revokedAt === null ? null : iso(s.revokedAt),
});

/**
 * Device secrets of a push source (OsmAnd, OwnTracks): phones send one as the Basic auth password or as the
 * `token` parameter. A secret is shown once, at creation; only its hash is kept.
 */
export const receiverSecretRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['sources'];
  const pushSource = async (request: Parameters<typeof principalOf>[0], id: number) => {
    const source = await hub.storage.getSource(id);
    const group = source && (await hub.storage.getGroup(source.groupId));
    if (!source || !group || !inScope(principalOf(request), group.path)) {
      throw new ApiError('SOURCE_NOT_FOUND', `no source ${id}`);
    }
    if (!takesSecrets(hub.pushTargets, source)) {
      const receivers = hub.pushTargets.map((t) => t.vendor).join(', ');
      throw new ApiError('BAD_REQUEST', `source ${id} is not a source of a push receiver (${receivers})`);
    }
    return source;
  };
  app.post(
    '/sources/:id/secrets',
    {
      schema: {
        tags,
        summary: 'Create a device secret for a push receiver source (manager); the secret is shown only here',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            externalId: Type.Optional(
              Type.String({
                minLength: 1,
                description:
                  'Bind the secret to one device identity (OsmAnd id; OwnTracks user/device); omit for any device',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Composite([SecretSchema, Type.Object({ secret: Type.String() })]),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      requireRole(request, 'manager');
      const source = await pushSource(request, request.params.id);
      const secret = `dev_${randomBytes(24).toString('base64url')}`;
      const created = await hub.storage.createReceiverSecret({
        sourceId: source.id,
        externalId: request.body.externalId ?? null,
        name: request.body.name,
        prefix: secretPrefix(secret),
        secretHash: hashSecret(secret),
      });
      return reply.status(201).send({ ...present(created), secret });
    },
  );
  app.get(
    '/sources/:id/secrets',
    {
      schema: {
        tags,
        summary: 'Device secrets of a push receiver source, revoked ones included',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(SecretSchema) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const source = await pushSource(request, request.params.id);
      return { items: (await hub.storage.listReceiverSecrets(source.id)).map(present) };
    },
  );
  app.delete(
    '/sources/:id/secrets/:secretId',
    {
      schema: {
        tags,
        summary: 'Revoke a device secret (manager); its senders get 401 from then on',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), secretId: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'manager');
      const source = await pushSource(request, request.params.id);
      if (!(await hub.storage.revokeReceiverSecret(request.params.secretId, source.id))) {
        throw new ApiError('NOT_FOUND', `no live secret ${request.params.secretId} on source ${source.id}`);
      }
      return reply.status(204).send(null);
    },
  );
};
