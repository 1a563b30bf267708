import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../../api/schemas.ts';

// The answers of FollowAnalytics' API (document 001) as the facade presents them (present.ts), nullable where the
// document shows null. They describe the answers in the OpenAPI document; the facade sends what the presenters
// wrote (answerAsWritten).

const json = (description: string, schema: TSchema) => ({
  description,
  content: { 'application/json': { schema } },
});
// A plain schema rather than TypeBox's, so that a handler may send the CSV as a stream as well as a string.
const csv = (description: string) => ({ type: 'string', contentMediaType: 'text/csv', description });

const ErrorEnvelope = Type.Object(
  {
    status: Type.String({
      description:
        'not_found, bad_request, forbidden, unauthorized; too_many_requests and internal_server_error for the ' +
        'refusals the document does not show',
    }),
    success: Type.Literal(false),
    error_message: Type.String(),
  },
  { description: "The document's error envelope" },
);

const Location = Type.Object({
  location_id: Type.String({ description: 'Always returned' }),
  device_id: Type.Optional(Nullable(Type.String())),
  application_id: Type.Optional(Nullable(Type.String())),
  latitude: Type.Optional(Nullable(Type.Number())),
  longitude: Type.Optional(Nullable(Type.Number())),
  session_id: Type.Optional(Nullable(Type.String())),
  user_id: Type.Optional(Nullable(Type.String())),
  date_utc: Type.Optional(Nullable(Type.String({ description: 'ISO 8601, UTC' }))),
});

const LocationsPage = Type.Object({
  result: Type.Object({
    items: Type.Array(Location, { description: 'Each with location_id and the fields asked for' }),
    total_pages: Type.Integer(),
    total_items: Type.Integer(),
    item_count: Type.Integer(),
    navigation: Type.Object({
      first: Type.String(),
      prev: Type.String(),
      next: Type.String(),
      last: Type.String(),
    }),
  }),
  success: Type.Literal(true),
});

const Place = Type.Object({
  name: Type.String(),
  identifier: Type.String(),
  labels: Type.Array(Type.String()),
  details: Nullable(Type.String()),
  latitude: Type.Number(),
  longitude: Type.Number(),
  archived: Type.Boolean(),
  archived_at: Nullable(Type.String({ description: 'ISO 8601 with milliseconds; null unless archived' })),
});

const success = (result: TSchema) => Type.Object({ success: Type.Literal(true), result });

const ImportReport = success(
  Type.Object({
    created: Type.Integer(),
    failed: Type.Integer(),
    rows: Type.Array(
      Type.Object({
        row: Type.Integer({ description: 'The line of the file, the header being line 1' }),
        status: Type.Union([Type.Literal('created'), Type.Literal('failed')]),
        identifier: Type.Optional(Type.String()),
        error_message: Type.Optional(Type.String()),
      }),
    ),
  }),
);

/**
 * The refusals any route of the facade can answer, in the document's envelope: 400 for a request it cannot read,
 * 401 without a valid token, 404 for what is not found or not allowed (the document's `forbidden` comes with 404),
 * 429 for a client over its limit of failed authentications, 500 for a fault.
 */
export const FA_ERROR_ANSWERS = {
  400: json('bad_request: a malformed date ("Wrong date format"), body or parameter', ErrorEnvelope),
  401: json('unauthorized: no token, or one Trackway does not know', ErrorEnvelope),
  404: json(
    'not_found (app, entity or location), or forbidden ("No access.") for a viewer token',
    ErrorEnvelope,
  ),
  429: json('too_many_requests: too many failed authentications from this client', ErrorEnvelope),
  500: json('internal_server_error', ErrorEnvelope),
};

export const faAnswers = {
  locationsPage: { 200: json('A page of the app’s locations, newest first', LocationsPage) },
  locationsExport: {
    200: {
      description: 'Every matching location: a header of location_id and the fields asked for, a row each',
      content: { 'text/csv': { schema: csv('The locations as CSV') } },
    },
  },
  places: { 200: json("The entity's places", success(Type.Array(Place))) },
  place: { 200: json('The place', success(Place)) },
  importTemplate: {
    200: {
      description:
        'The CSV template; an unsupported template_format is answered with 200 and a bad_request envelope, as ' +
        'the document shows',
      content: {
        'text/csv': { schema: csv('The import template') },
        'application/json': { schema: ErrorEnvelope },
      },
    },
  },
  import: {
    200: json(
      'A report per row of the file; a file of an unsupported format is answered with 200 and a bad_request ' +
        'envelope, as the document shows',
      Type.Union([ImportReport, ErrorEnvelope]),
    ),
    413: json('bad_request: the file is larger than the server takes', ErrorEnvelope),
  },
};
