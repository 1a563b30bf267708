import { Type } from '@sinclair/typebox';
import type { Place } from '../../model/derived.ts';
import { DuplicateIdentifierError } from '../../storage/places.ts';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { iso } from '../presenters.ts';
import { errors, IsoTime, Nullable, PageQuery } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';
import { placeFileRoutes } from './place-files.ts';
import { MAX_POLYGON_POINTS, newPlace } from './place-input.ts';

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Ring = Type.Array(Type.Tuple([Latitude, Longitude]), {
  minItems: 3,
  maxItems: MAX_POLYGON_POINTS,
  description: '[latitude, longitude] points; closed automatically',
});

const PlaceSchema = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  identifier: Type.String(),
  name: Type.String(),
  details: Nullable(Type.String()),
  labels: Type.Array(Type.String()),
  latitude: Type.Number(),
  longitude: Type.Number(),
  radius: Nullable(Type.Number({ description: 'Metres' })),
  polygon: Nullable(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
  archived: Type.Boolean(),
  archivedAt: Nullable(IsoTime),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

export const presentPlace = (p: Place) => ({
  id: p.id,
  groupId: p.groupId,
  identifier: p.identifier,
  name: p.name,
  details: p.details,
  labels: p.labels,
  latitude: p.lat,
  longitude: p.lon,
  radius: p.radius,
  polygon: p.polygon,
  archived: p.archived,
  archivedAt: p.archivedAt == null ? null : iso(p.archivedAt),
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

const CreateBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ description: "Defaults to the caller's group" })),
    identifier: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Generated when absent' }),
    ),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    details: Type.Optional(Nullable(Type.String())),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    latitude: Latitude,
    longitude: Longitude,
    radius: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Metres; 100 when no polygon' })),
    polygon: Type.Optional(Ring),
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    details: Type.Optional(Nullable(Type.String())),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  },
  {
    additionalProperties: true,
    description: 'Only name, details and labels change; coordinates are read-only',
  },
);

const IdentifierParams = Type.Object({ identifier: Type.String({ minLength: 1 }) });

export const placeRoutes = (hub: HubContext) => async (app: App) => {
  const tags = ['places'];
  // A new or changed place must count for derivation at once, not when the cache expires.
  const changed = () => hub.derived?.invalidate();
  const found = (place: Place | null, identifier: string) => {
    if (!place) throw new ApiError('PLACE_NOT_FOUND', `no place "${identifier}"`);
    return presentPlace(place);
  };
  await app.register(placeFileRoutes(hub, changed));

  app.get(
    '/places',
    {
      schema: {
        tags,
        summary: "Places of the caller's subtree, by id, paged",
        querystring: Type.Object({
          groupId: Type.Optional(Type.Integer()),
          archived: Type.Optional(Type.Boolean()),
          label: Type.Optional(Type.String()),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({ items: Type.Array(PlaceSchema), next: Nullable(Type.String()) }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await hub.storage.listPlaces({
        scope: principalOf(request).scope,
        groupId: q.groupId,
        archived: q.archived,
        label: q.label,
        cursor: q.cursor,
        limit: q.limit ?? 100,
      });
      return { items: page.items.map(presentPlace), next: page.next };
    },
  );

  app.get(
    '/places/:identifier',
    {
      schema: {
        tags,
        summary: 'One place',
        params: IdentifierParams,
        response: { 200: PlaceSchema, ...errors(401, 404) },
      },
    },
    async (request) =>
      found(
        await hub.storage.getPlace(request.params.identifier, principalOf(request).scope),
        request.params.identifier,
      ),
  );

  app.post(
    '/places',
    {
      schema: {
        tags,
        summary: 'Create a place: a centre and a radius, or a polygon (manager)',
        body: CreateBody,
        response: { 201: PlaceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const group = await scopedGroup(hub, principal, request.body.groupId ?? principal.group.id);
      try {
        const place = await hub.storage.createPlace(newPlace(group.id, request.body));
        changed();
        return reply.status(201).send(presentPlace(place));
      } catch (e) {
        if (e instanceof DuplicateIdentifierError) throw new ApiError('CONFLICT', e.message);
        throw e;
      }
    },
  );

  app.put(
    '/places/:identifier',
    {
      schema: {
        tags,
        summary: 'Change name, details or labels; coordinates are read-only (manager)',
        params: IdentifierParams,
        body: UpdateBody,
        response: { 200: PlaceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'manager');
      const { name, details, labels, ...rest } = request.body as Record<string, unknown>;
      const extra = Object.keys(rest);
      if (extra.length) {
        throw new ApiError(
          'BAD_REQUEST',
          `only name, details and labels can change; ${extra.join(', ')} cannot`,
        );
      }
      const place = await hub.storage.updatePlace(request.params.identifier, principal.scope, {
        name: name as string | undefined,
        details: details as string | null | undefined,
        labels: labels as string[] | undefined,
      });
      changed();
      return found(place, request.params.identifier);
    },
  );

  for (const action of ['archive', 'restore'] as const) {
    app.put(
      `/places/:identifier/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'archive'
              ? 'Archive a place: it stops raising events and is left out of new derivation (manager)'
              : 'Restore an archived place (manager)',
          params: IdentifierParams,
          response: { 200: PlaceSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const principal = requireRole(request, 'manager');
        const place = await hub.storage.setPlaceArchived(
          request.params.identifier,
          principal.scope,
          action === 'archive' ? Date.now() : null,
        );
        changed();
        return found(place, request.params.identifier);
      },
    );
  }
};
