import { Type } from '@sinclair/typebox';
import {
  BodyParseError,
  MAX_RECORDS,
  splitBody,
  TooManyRecordsError,
} from '../../formats/native/parse-records.ts';
import { ingestValues } from '../../formats/native/ingest-values.ts';
import { requireRole } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { ApiError, RECORD_ERROR_CATALOGUE } from '../errors.ts';
import { errors } from '../schemas.ts';
import type { App } from '../app.ts';

const NDJSON = 'application/x-ndjson';

export const ingestRoutes = (hub: HubContext) => async (app: App) => {
  // This route reads its body itself: a JSON array or NDJSON, parsed record by record.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', NDJSON], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/ingest',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Send positions, messages and events; answers after the batch is committed',
        description:
          'Body: a JSON array of records (`application/json`) or one record per line (`application/x-ndjson`), ' +
          `at most ${MAX_RECORDS} records (more answer 413 PAYLOAD_TOO_LARGE before any is read). ` +
          'Each record names its device by `deviceId`, or by `vendor` + `externalId` (unknown devices are ' +
          "created in the caller's group unless the group rejects them). Invalid records are rejected one by one " +
          'with a code and reason; the rest is committed. Record codes: ' +
          Object.entries(RECORD_ERROR_CATALOGUE)
            .map(([c, d]) => `${c}: ${d}`)
            .join('; '),
        consumes: ['application/json', NDJSON],
        body: Type.Array(Type.Ref('IngestRecord')),
        response: {
          200: Type.Object({
            accepted: Type.Integer({ description: 'Records that stored something new' }),
            merged: Type.Integer({
              description:
                'Records whose position was stored already but lacked fields this copy brings: the stored ' +
                'position gained them (what it had is never overwritten)',
            }),
            duplicate: Type.Integer({ description: 'Records stored already, with nothing to add' }),
            rejected: Type.Integer(),
            errors: Type.Array(
              Type.Object({ index: Type.Integer(), code: Type.String(), reason: Type.String() }),
              { description: 'One entry per rejected record; index is its place in the body (0-based)' },
            ),
          }),
          ...errors(400, 401, 403, 413, 415, 503),
        },
      },
      // The body is validated per record in the handler, so one bad record does not fail the batch.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = requireRole(request, 'manager');
      if (!hub.state.ready)
        throw new ApiError('NOT_READY', 'the server is shutting down; retry elsewhere or later');
      const started = process.hrtime.bigint();
      const ndjson = (request.headers['content-type'] ?? '').startsWith(NDJSON);
      let values: unknown[];
      try {
        values = splitBody(String(request.body ?? ''), ndjson);
      } catch (err) {
        if (err instanceof BodyParseError) throw new ApiError('INVALID_BODY', err.message);
        if (err instanceof TooManyRecordsError) throw new ApiError('PAYLOAD_TOO_LARGE', err.message);
        throw err;
      }
      const summary = await ingestValues(hub.pipeline, values, {
        groupId: principal.group.id,
        scopePath: principal.scope,
        sourceId: null,
        unknownDevices: principal.group.unknownDevices,
        receivedTime: Date.now(),
      });
      hub.metrics.recordIngest(summary, Number(process.hrtime.bigint() - started) / 1e9);
      return {
        accepted: summary.accepted,
        merged: summary.merged,
        duplicate: summary.duplicate,
        rejected: summary.rejected,
        errors: summary.results.flatMap((r) =>
          r.status === 'rejected' ? [{ index: r.index, code: r.code, reason: r.reason }] : [],
        ),
      };
    },
  );
};
