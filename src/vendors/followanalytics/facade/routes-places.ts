import { Type } from '@sinclair/typebox';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../api/errors.ts';
import { newPlace } from '../../../api/routes/place-input.ts';
import { Nullable } from '../../../api/schemas.ts';
import type { Place } from '../../../model/derived.ts';
import { DuplicateIdentifierError } from '../../../storage/places.ts';
import type { App } from '../../../api/app.ts';
import { requireWriter } from './auth.ts';
import { callerOf } from './caller.ts';
import { faErrors } from './errors.ts';
import type { FacadeHub } from './hub.ts';
import { presentPlace } from './present.ts';
import { faAnswers } from './schemas.ts';

const IdentifierParams = Type.Object({ identifier: Type.String({ minLength: 1 }) });
const Labels = Type.Array(Type.String());
const CreateBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  details: Type.Optional(Nullable(Type.String())),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  labels: Type.Optional(Labels),
});
const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  details: Type.Optional(Nullable(Type.String())),
  labels: Type.Optional(Labels),
});

/**
 * The entity's places ("locations" in document 001), which are Trackway's places of the token's subtree: the
 * same ones the native places API serves. New places get a FollowAnalytics-like identifier and the default
 * radius, since the document's places are points.
 */
export const placeRoutes = (hub: FacadeHub) => async (app: App) => {
  const changed = () => hub.derived?.invalidate();
  const found = (place: Place | null) => {
    if (!place) throw faErrors.locationNotFound();
    return { success: true, result: presentPlace(place) };
  };

  app.get(
    '/locations',
    { schema: { summary: "All the entity's places", response: faAnswers.places } },
    async (request) => {
      const places: Place[] = [];
      let cursor: string | null = null;
      do {
        const page = await hub.storage.listPlaces({ scope: callerOf(request).scope, cursor, limit: 1000 });
        places.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return { success: true, result: places.map(presentPlace) };
    },
  );

  app.get(
    '/locations/:identifier',
    { schema: { summary: 'One place', params: IdentifierParams, response: faAnswers.place } },
    async (request) => found(await hub.storage.getPlace(request.params.identifier, callerOf(request).scope)),
  );

  app.post(
    '/locations',
    { schema: { summary: 'Create a place (a manager token)', body: CreateBody, response: faAnswers.place } },
    async (request) => {
      const caller = callerOf(request);
      requireWriter(caller);
      const body = request.body;
      try {
        const place = await hub.storage.createPlace(
          newPlace(caller.group.id, {
            identifier: `FALOC_${randomBytes(6).toString('hex').toUpperCase()}`,
            name: body.name,
            details: body.details ?? null,
            labels: body.labels ?? [],
            latitude: body.latitude,
            longitude: body.longitude,
          }),
        );
        changed();
        return found(place);
      } catch (err) {
        if (err instanceof ApiError || err instanceof DuplicateIdentifierError) {
          throw faErrors.badRequest(err.message);
        }
        throw err;
      }
    },
  );

  app.put(
    '/locations/:identifier',
    {
      schema: {
        summary: 'Change name, details or labels; coordinates are read-only (a manager token)',
        params: IdentifierParams,
        body: UpdateBody,
        response: faAnswers.place,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireWriter(caller);
      const body = request.body as Record<string, unknown>;
      if ('latitude' in body || 'longitude' in body) {
        throw faErrors.badRequest('The coordinates (latitude and longitude) are read only');
      }
      const place = await hub.storage.updatePlace(request.params.identifier, caller.scope, {
        name: request.body.name,
        details: request.body.details,
        labels: request.body.labels,
      });
      changed();
      return found(place);
    },
  );

  for (const action of ['archive', 'restore'] as const) {
    app.put(
      `/locations/:identifier/${action}`,
      {
        schema: {
          summary: action === 'archive' ? 'Archive a place' : 'Restore an archived place',
          params: IdentifierParams,
          response: faAnswers.place,
        },
      },
      async (request) => {
        const caller = callerOf(request);
        requireWriter(caller);
        const place = await hub.storage.setPlaceArchived(
          request.params.identifier,
          caller.scope,
          action === 'archive' ? Date.now() : null,
        );
        changed();
        return found(place);
      },
    );
  }
};
