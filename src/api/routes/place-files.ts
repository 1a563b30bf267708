import { Type } from '@sinclair/typebox';
import type { Place } from '../../model/derived.ts';
import { decodeUpload, exportCsv, parsePlacesCsv, templateCsv } from '../../formats/places/places-csv.ts';
import { DuplicateIdentifierError } from '../../storage/places.ts';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { errors } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedGroup } from '../access.ts';
import { newPlace } from './place-input.ts';

const FormatQuery = Type.Object({ format: Type.Optional(Type.String({ default: 'csv' })) });

/** The places import template, batch import and export (CSV); `changed` tells derivation places changed. */
export const placeFileRoutes = (hub: HubContext, changed: () => void) => async (app: App) => {
  const tags = ['places'];
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get(
    '/places/import-template',
    {
      schema: {
        tags,
        summary: 'A CSV template for importing places',
        querystring: FormatQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      requireFormat(request.query.format);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="places-template.csv"')
        .send(templateCsv());
    },
  );

  app.get(
    '/places/export',
    {
      schema: {
        tags,
        summary: "Every place of the caller's subtree as CSV, in the import template's columns",
        querystring: Type.Object({ ...FormatQuery.properties, archived: Type.Optional(Type.Boolean()) }),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      requireFormat(request.query.format);
      const places: Place[] = [];
      let cursor: string | null = null;
      do {
        const page = await hub.storage.listPlaces({
          scope: principalOf(request).scope,
          archived: request.query.archived,
          cursor,
          limit: 1000,
        });
        places.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="places.csv"')
        .send(exportCsv(places));
    },
  );

  app.post(
    '/places/import',
    {
      schema: {
        tags,
        summary:
          'Create places from a CSV file (text/csv body, the template columns); a result per row (manager)',
        querystring: Type.Object({ groupId: Type.Optional(Type.Integer()) }),
        response: {
          200: Type.Object({
            encoding: Type.String({ description: 'How the file was read; it is stored as UTF-8' }),
            created: Type.Integer(),
            failed: Type.Integer(),
            rows: Type.Array(
              Type.Object({
                row: Type.Integer({ description: 'Line in the file, the header being 1' }),
                status: Type.String({ enum: ['created', 'failed'] }),
                identifier: Type.Optional(Type.String()),
                error: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'manager');
      const group = await scopedGroup(hub, principal, request.query.groupId ?? principal.group.id);
      if (!Buffer.isBuffer(request.body))
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv');
      const { text, encoding } = decodeUpload(request.body);
      let parsed;
      try {
        parsed = parsePlacesCsv(text);
      } catch (e) {
        throw new ApiError('BAD_REQUEST', `the file is not readable CSV: ${(e as Error).message}`);
      }
      const rows = [];
      for (const r of parsed) {
        if ('error' in r) {
          rows.push({ row: r.row, status: 'failed', error: r.error });
          continue;
        }
        try {
          const place = await hub.storage.createPlace(newPlace(group.id, r.place));
          rows.push({ row: r.row, status: 'created', identifier: place.identifier });
        } catch (e) {
          if (!(e instanceof ApiError || e instanceof DuplicateIdentifierError)) throw e;
          rows.push({ row: r.row, status: 'failed', error: e.message });
        }
      }
      changed();
      const created = rows.filter((r) => r.status === 'created').length;
      return { encoding, created, failed: rows.length - created, rows };
    },
  );
};

function requireFormat(format: string | undefined) {
  if ((format ?? 'csv') !== 'csv')
    throw new ApiError('BAD_REQUEST', `Unsupported import template: ${format}`);
}
