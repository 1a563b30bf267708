import { Type } from '@sinclair/typebox';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../api/errors.ts';
import { newPlace } from '../../../api/routes/place-input.ts';
import type { App } from '../../../api/app.ts';
import { decodeUpload, parsePlacesCsv, templateCsv } from '../../../formats/places/places-csv.ts';
import { DuplicateIdentifierError } from '../../../storage/places.ts';
import { requireWriter } from './auth.ts';
import { callerOf } from './caller.ts';
import { faErrors } from './errors.ts';
import type { FacadeHub } from './hub.ts';
import { faAnswers } from './schemas.ts';

/** "Currently allowed template formats": CSV, the format of Trackway's own places template. */
const FORMATS = ['csv'];

export interface ImportRow {
  row: number;
  status: 'created' | 'failed';
  identifier?: string;
  error_message?: string;
}

/**
 * The import template and the batch import: `GET location/generate_import_template` and `POST location/import`
 * with the file as the multipart field `file`. The template is Trackway's places template (its columns are
 * those of the native places import); an unsupported format is answered 200 with `bad_request`, as the document
 * shows. The file is read as UTF-8 whatever it claims ("The server will force encode the location data … to
 * UTF-8"): bytes that are not UTF-8 are read as Windows-1252, what spreadsheets write.
 */
export const importRoutes = (hub: FacadeHub) => async (app: App) => {
  // Multipart is parsed by Node's own fetch implementation (Response.formData), whole: a places file is small
  // and the body limit of the server applies.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/location/generate_import_template',
    {
      schema: {
        summary: 'A CSV template for importing places',
        querystring: Type.Object({ template_format: Type.Optional(Type.String({ default: 'csv' })) }),
        response: faAnswers.importTemplate,
      },
    },
    async (request, reply) => {
      const format = request.query.template_format ?? 'csv';
      if (!FORMATS.includes(format)) throw faErrors.unsupportedTemplate(format);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="locations_import_template.csv"')
        .send(templateCsv());
    },
  );

  app.post(
    '/location/import',
    {
      schema: {
        summary:
          'Create places from a file made from the import template (multipart field "file"); a report per row',
        consumes: ['multipart/form-data'],
        response: faAnswers.import,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireWriter(caller);
      const file = await uploadedFile(request.headers['content-type'], request.body);
      const format = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? 'csv';
      if (!FORMATS.includes(format)) throw faErrors.unsupportedTemplate(format);
      let parsed;
      try {
        parsed = parsePlacesCsv(decodeUpload(file.bytes).text);
      } catch (err) {
        throw faErrors.badRequest(`The file is not readable CSV: ${(err as Error).message}`);
      }
      const rows: ImportRow[] = [];
      for (const r of parsed) {
        if ('error' in r) {
          rows.push({ row: r.row, status: 'failed', error_message: r.error });
          continue;
        }
        try {
          const identifier = r.place.identifier ?? `FALOC_${randomBytes(6).toString('hex').toUpperCase()}`;
          const place = await hub.storage.createPlace(newPlace(caller.group.id, { ...r.place, identifier }));
          rows.push({ row: r.row, status: 'created', identifier: place.identifier });
        } catch (err) {
          if (!(err instanceof ApiError || err instanceof DuplicateIdentifierError)) throw err;
          rows.push({ row: r.row, status: 'failed', error_message: err.message });
        }
      }
      hub.derived?.invalidate();
      const created = rows.filter((r) => r.status === 'created').length;
      return { success: true, result: { created, failed: rows.length - created, rows } };
    },
  );
};

async function uploadedFile(
  contentType: string | undefined,
  body: unknown,
): Promise<{ name: string; bytes: Buffer }> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !Buffer.isBuffer(body)) {
    throw faErrors.badRequest('Send the file as multipart/form-data, in the field "file"');
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw faErrors.badRequest('The multipart body could not be read');
  }
  const file = form.get('file');
  if (file == null) throw faErrors.badRequest('The field "file" is missing');
  if (typeof file === 'string') return { name: '', bytes: Buffer.from(file, 'utf8') };
  return { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
}
