import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Storage } from '../../../storage/storage.ts';
import type { App } from '../../../api/app.ts';
import type { FaLocationsPage } from '../wire.ts';
import { findApp, locationsPage, scan } from './app-locations.ts';
import { callerOf } from './caller.ts';
import { readLocationsQuery, type LocationsQuery } from './locations-query.ts';
import { navigation } from './present.ts';
import { faAnswers } from './schemas.ts';

const text = (description: string) => Type.Optional(Type.String({ description }));
const Filters = {
  fields: text('Fields to return, comma-separated (location_id is always returned); all when absent'),
  session_ids: text('Comma-separated session ids'),
  device_ids: text('Comma-separated device ids'),
  latitude: text('Only locations at exactly this latitude'),
  longitude: text('Only locations at exactly this longitude'),
  since_date: text('Inclusive; any ISO 8601 form, UTC when it has no offset'),
  until_date: text('Exclusive; any ISO 8601 form, UTC when it has no offset'),
};
const AppParams = Type.Object({
  app: Type.String({ description: 'A source id, or the app identifier of a FollowAnalytics source' }),
});

/** App locations: `GET apps/{app}/locations` (paged) and `GET apps/{app}/locations_export` (CSV, streamed). */
export const locationRoutes = (storage: Storage) => async (app: App) => {
  app.get(
    '/apps/:app/locations',
    {
      schema: {
        summary: 'Locations recorded on one app, newest first, paged',
        params: AppParams,
        querystring: Type.Object({
          page: text('From 1; anything else is page 1'),
          per_page: text('1 to 10000; anything else is 1000'),
          ...Filters,
        }),
        response: faAnswers.locationsPage,
      },
    },
    async (request): Promise<FaLocationsPage> => {
      const query = readLocationsQuery(request.query);
      const served = await findApp(storage, callerOf(request), request.params.app);
      const { total, items } = await locationsPage(storage, served, query);
      const totalPages = Math.ceil(total / query.perPage);
      return {
        result: {
          items,
          total_pages: totalPages,
          total_items: total,
          item_count: items.length,
          navigation: navigation(baseOf(request), rawQueryOf(request), query.page, totalPages),
        },
        success: true,
      };
    },
  );

  app.get(
    '/apps/:app/locations_export',
    {
      schema: {
        summary: 'Every location of one app matching the filters, as CSV, streamed',
        params: AppParams,
        querystring: Type.Object(Filters),
        response: faAnswers.locationsExport,
      },
    },
    async (request, reply) => {
      const query = readLocationsQuery(request.query);
      const served = await findApp(storage, callerOf(request), request.params.app);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="locations.csv"`)
        .send(Readable.from(csvLines(query, scan(storage, served, query))));
    },
  );
};

async function* csvLines(query: LocationsQuery, batches: AsyncGenerator<object[]>): AsyncGenerator<string> {
  const columns = ['location_id', ...query.fields.filter((f) => f !== 'location_id')];
  yield stringify([columns]);
  for await (const batch of batches) yield stringify(batch, { columns });
}

function baseOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.url.split('?')[0]}`;
}

function rawQueryOf(request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  return at < 0 ? '' : request.url.slice(at + 1);
}
