import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import type { HubContext } from '../../../api/context.ts';
import { TooManyFailedAttempts } from '../../../auth/failed-auth-limit.ts';
import type { App } from '../../../api/app.ts';
import type { MixTripStore } from '../storage/store.ts';
import { presentTripsCsv } from '../wire/present-csv.ts';
import { presentTripsJson, presentTripsJsonp } from '../wire/present-json.ts';
import { presentTripsXml } from '../wire/present-xml.ts';
import type { MixTrip } from '../wire/trip.ts';
import { authenticateMix } from './auth.ts';
import { MixApiError, REASONS } from './errors.ts';
import { withLocations } from './locations.ts';
import { readTripsRequest, type TripsRequest } from './request.ts';
import { MIX_TRIPS_ANSWERS } from './schemas.ts';
import { selectTrips } from './select.ts';

const HOUR = 3_600_000;

export interface MixFacadeOptions {
  store: MixTripStore;
  /** Resolves once imported trips include everything committed before the call. */
  importsUpToDate: () => Promise<void>;
  now?: () => number;
}

const flag = { description: '1, t or true' };

/**
 * MiX's `GET /trips/:since` (document 003) served by Trackway under `/compat/mix`, so that a client written for
 * MiX works with its base URL changed: Trackway's derived trips of every device and the imported MiX trips.
 */
export const mixTripsRoutes =
  (hub: Pick<HubContext, 'storage' | 'derivedUpToDate'>, options: MixFacadeOptions) => async (app: App) => {
    const now = options.now ?? Date.now;

    app.setErrorHandler((err: FastifyError, request, reply) => {
      // A client over its limit of failed authentications: 429 in the document's plain-text form.
      if (err instanceof TooManyFailedAttempts) reply.header('retry-after', err.retryAfterSeconds);
      const status =
        err instanceof MixApiError
          ? err.status
          : err instanceof TooManyFailedAttempts
            ? 429
            : err.validation
              ? 400
              : 500;
      if (status === 500) request.log.error({ err }, 'MiX trips request failed');
      const detail = status === 500 ? 'the trips could not be read; see the server log' : err.message;
      return reply.status(status).type('text/plain; charset=utf-8').send(`${REASONS[status]}: ${detail}`);
    });

    app.get(
      '/trips/:since',
      {
        schema: {
          tags: ['MiX Telematics API (compat)'],
          summary: 'Trips on or after :since, at most 100, in DeviceTimestamp order (document 003)',
          description:
            ':since is seconds since 1970 or YYYYMMDDHHmmss (in the globalisation zone), at most an hour before ' +
            'the server time (413 otherwise), optionally followed by .json, .xml or .csv; without one the Accept ' +
            'header chooses, JSON by default. Authentication: a Trackway API token in X-Auth (or auth). Answers ' +
            'carry X-Globalisation, the caller’s time zone. See docs/vendors/mix.md.',
          params: Type.Object({ since: Type.String({ examples: ['20260101120000.json'] }) }),
          headers: Type.Object({
            'x-auth': Type.Optional(Type.String({ description: 'A Trackway API token' })),
            'x-dateformat': Type.Optional(Type.String({ description: 'As date_format' })),
            'x-globalisation': Type.Optional(Type.String({ description: 'As globalisation' })),
          }),
          querystring: Type.Object({
            auth: Type.Optional(Type.String({ description: 'The token, when X-Auth cannot be sent' })),
            system_type: Type.Optional(Type.String()),
            organisation_id: Type.Optional(Type.String({ description: 'A Trackway group id' })),
            vehicle_ids: Type.Optional(Type.String({ description: 'Comma-separated VehicleIds' })),
            driver_ids: Type.Optional(Type.String({ description: 'Ignored with vehicle_ids' })),
            include_sub_trips: Type.Optional(Type.String(flag)),
            include_locations: Type.Optional(
              Type.String({
                description: '1, t or true: the name of the Trackway place holding each position',
              }),
            ),
            callback: Type.Optional(Type.String({ description: 'JSONP function name' })),
            date_format: Type.Optional(Type.String({ description: '0: \\/Date(ms+zzzz)\\/, 2: ISO 8601' })),
            globalisation: Type.Optional(
              Type.String({ description: 'An IANA time zone, as X-Globalisation' }),
            ),
          }),
          response: MIX_TRIPS_ANSWERS,
          security: [{ mixAuth: [] }, { mixAuthQuery: [] }],
        },
      },
      async (request, reply) => {
        const caller = await authenticateMix(hub.storage, request);
        reply.header('x-globalisation', caller.timeZone);
        const r = readTripsRequest(request, request.params.since);
        if (r.since < now() - HOUR) {
          throw new MixApiError(
            413,
            ':since may not be more than 1 hour earlier than the current server time',
          );
        }
        // As the native reports do: a trip still being derived, or imported, is not passed over.
        await Promise.all([hub.derivedUpToDate?.(), options.importsUpToDate()]);
        const selected = await selectTrips(hub.storage, options.store, caller, r, now());
        const trips = r.includeLocations
          ? await withLocations(hub.storage, selected)
          : selected.map((s) => s.trip);
        return send(reply, r, r.includeSubTrips ? trips : trips.map(withoutSubTrips));
      },
    );
  };

function withoutSubTrips(trip: MixTrip): MixTrip {
  if (trip.SubTrips == null) return trip;
  const { SubTrips: _subTrips, ...rest } = trip;
  return rest;
}

function send(reply: FastifyReply, r: TripsRequest, trips: MixTrip[]) {
  if (r.format === 'xml')
    return reply.type('application/xml; charset=utf-8').send(presentTripsXml(trips, r.timeZone));
  if (r.format === 'csv')
    return reply.type('text/csv; charset=utf-8').send(presentTripsCsv(trips, r.timeZone));
  const style = { dateFormat: r.dateFormat, timeZone: r.timeZone };
  if (r.callback) {
    return reply
      .type('application/javascript; charset=utf-8')
      .send(presentTripsJsonp(r.callback, trips, style));
  }
  return reply.type('application/json; charset=utf-8').send(presentTripsJson(trips, style));
}
