import { Type } from '@sinclair/typebox';
import { Readable } from 'node:stream';
import { EXPORT_KINDS, openExport } from '../../formats/export/open-export.ts';
import { EXPORT_FORMATS } from '../../formats/export/writers.ts';
import { FILE_VENDOR } from '../../formats/import/file-item.ts';
import { limitInput } from '../../formats/import/limit-input.ts';
import { READERS } from '../../formats/import/readers.ts';
import { runImport } from '../../formats/import/run-import.ts';
import type { Device } from '../../model/records.ts';
import { principalOf, requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError, errorBody } from '../errors.ts';
import { errors, Nullable } from '../schemas.ts';
import type { App } from '../app.ts';
import { scopedDevice } from '../access.ts';
import { scopedGroup } from '../access.ts';
import { timeParam } from './time-param.ts';

/** Formats known by the upload's Content-Type, when `format` is not given. */
const BY_CONTENT_TYPE: Record<string, string> = {
  'application/gpx+xml': 'gpx',
  'application/vnd.google-earth.kml+xml': 'kml',
  'application/geo+json': 'geojson',
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
};

const ImportReport = Type.Object({
  accepted: Type.Integer(),
  merged: Type.Integer({ description: 'Positions stored already that gained fields this file brings' }),
  duplicate: Type.Integer(),
  rejected: Type.Integer(),
  skipped: Type.Integer({ description: 'Items not meant as records, e.g. GPX points without a time' }),
  placesCreated: Type.Integer(),
  placesExisting: Type.Integer(),
  problems: Type.Array(Type.String(), { description: 'The first problems, each naming its line or element' }),
  error: Nullable(Type.String(), {
    description: 'Why the file could not be read to its end',
  }),
});

const ImportFailure = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  report: Type.Optional(ImportReport),
});

/** File import (upload) and export of positions. */
export const fileRoutes = (hub: HubContext) => async (app: App) => {
  // The upload is read as a stream by the format's reader, never buffered whole: whatever its Content-Type,
  // JSON and text included (Fastify's own parsers would hand the reader a parsed value instead of the stream).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.post(
    '/import',
    {
      schema: {
        tags: ['files'],
        summary:
          'Import a file of positions (GPX, KML, GeoJSON, CSV, NDJSON); re-importing stores nothing twice',
        description:
          'The body is the file. It is read as a stream and committed in batches. A file that breaks part-way ' +
          'answers 400 INVALID_FILE with the line, and with what was stored before it in `report`. A file larger ' +
          'than the body limit (TRACKWAY_BODY_LIMIT) answers 413 PAYLOAD_TOO_LARGE: before anything is read when ' +
          'its Content-Length says so, else where the stream crosses the limit, with what was stored before ' +
          'it in `report`.',
        querystring: Type.Object({
          format: Type.Optional(Type.Union(Object.keys(READERS).map((f) => Type.Literal(f)))),
          device: Type.Optional(
            Type.String({
              minLength: 1,
              description: `External id (vendor "${FILE_VENDOR}") of the device of a file that names none (GPX)`,
            }),
          ),
          groupId: Type.Optional(
            Type.Integer({ description: "Group of new devices and places; default the caller's" }),
          ),
        }),
        response: { 200: ImportReport, ...errors(401, 403, 404), 400: ImportFailure, 413: ImportFailure },
      },
    },
    async (request, reply) => {
      const principal = requireRole(request, 'manager');
      const q = request.query;
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = q.format ?? BY_CONTENT_TYPE[contentType];
      if (!format) {
        throw new ApiError(
          'BAD_REQUEST',
          `give format= (${Object.keys(READERS).join(', ')}) for this upload`,
        );
      }
      if (format !== 'ndjson' && !q.device) {
        throw new ApiError(
          'BAD_REQUEST',
          `give device= for the points of this ${format} file that name no device`,
        );
      }
      const group = await scopedGroup(hub, principal, q.groupId ?? principal.group.id);
      // The upload is streamed past Fastify's body parsing, so the body limit is enforced here: up front by
      // Content-Length, else (a chunked upload) where the stream crosses it.
      const limit = hub.config.bodyLimit;
      if (Number(request.headers['content-length']) > limit) {
        throw new ApiError('PAYLOAD_TOO_LARGE', `the file is larger than the body limit of ${limit} bytes`);
      }
      const input = limitInput(request.body as Readable, limit);
      const report = await runImport(
        READERS[format]!(input, {
          device: { vendor: FILE_VENDOR, externalId: q.device ?? '' },
        }),
        hub,
        {
          groupId: group.id,
          scopePath: principal.scope,
          sourceId: null,
          unknownDevices: group.unknownDevices,
          receivedTime: Date.now(),
        },
      );
      if (report.tooLarge) {
        return reply.status(413).send({ ...errorBody('PAYLOAD_TOO_LARGE', report.error!), report });
      }
      if (report.error) return reply.status(400).send({ ...errorBody('INVALID_FILE', report.error), report });
      return report;
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags: ['files'],
        summary: 'Positions or trips of devices or a group over a time range as a file, streamed',
        description:
          'Name devices with deviceId (repeatable), or a group with groupId (its whole subtree). ' +
          '`what=trips` exports the derived trips overlapping the range, each whole: in GPX a `<trk>` per trip, ' +
          'in KML a Placemark with a gx:Track, in GeoJSON a LineString Feature with `coordTimes`, in CSV and ' +
          'NDJSON a row per trip with the fields of the trips report.',
        querystring: Type.Object({
          format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
          what: Type.Optional(
            Type.Union(
              EXPORT_KINDS.map((k) => Type.Literal(k)),
              { default: 'positions' },
            ),
          ),
          deviceId: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
          groupId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(Type.String({ description: 'Inclusive; ISO 8601 with zone or epoch ms' })),
          to: Type.Optional(Type.String({ description: 'Exclusive; ISO 8601 with zone or epoch ms' })),
        }),
        // 200 is the file itself, streamed in the format asked for.
        response: errors(400, 401, 404),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const q = request.query;
      const range = { from: timeParam(q.from, 'from'), to: timeParam(q.to, 'to') };
      let devices: Device[] = [];
      if (q.deviceId?.length) {
        for (const id of q.deviceId) devices.push(await scopedDevice(hub, principal, id));
      } else {
        const group = await scopedGroup(hub, principal, q.groupId ?? principal.group.id);
        devices = await devicesUnder(hub, group.path);
      }
      const what = q.what ?? 'positions';
      if (what === 'trips') await hub.derivedUpToDate?.();
      const file = openExport(hub.storage, {
        what,
        format: q.format,
        scope: principal.scope,
        devices,
        range,
      });
      const name = `trackway-${what === 'trips' ? 'trips-' : ''}${new Date().toISOString().slice(0, 10)}`;
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${name}.${file.extension}"`)
        .send(Readable.from(file.text));
    },
  );
};

async function devicesUnder(hub: HubContext, scope: string): Promise<Device[]> {
  const devices: Device[] = [];
  let cursor: string | null = null;
  do {
    const page = await hub.storage.listDevices({ scope, cursor, limit: 1000 });
    devices.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return devices;
}
