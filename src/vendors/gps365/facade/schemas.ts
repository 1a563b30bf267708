import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../../api/schemas.ts';
import { ANALOGS, IO } from '../coordinate.ts';

// The answers of GPS365's Coordinates API (document 002) as the facade presents them (present.ts). They describe
// the answers in the OpenAPI document; the facade sends what the presenters wrote (answerAsWritten).

const numbered = (names: (i: number) => string, indices: readonly number[], schema: () => TSchema) =>
  Object.fromEntries(indices.map((i) => [names(i), Type.Optional(schema())])) as TProperties;

const Coordinate = Type.Object(
  {
    tracker_id: Type.Integer(),
    date: Type.String({ description: 'When the tracker saved it: YYYY-MM-DD HH:MM:SS, UTC' }),
    latitude: Type.Number(),
    longitude: Type.Number(),
    speed: Type.Optional(Type.Number({ description: 'km/h' })),
    azimuth: Type.Optional(Type.Integer({ description: '0 (north) clockwise to 360' })),
    altitude: Type.Optional(Type.Number({ description: 'Metres above sea level, roughly' })),
    gsmsignal: Type.Optional(Type.Number({ description: 'The mobile network signal strength' })),
    powervoltage: Type.Optional(Type.Integer({ description: 'Millivolts' })),
    ...numbered(
      (i) => `analog${i}`,
      ANALOGS,
      () => Type.Number(),
    ),
    ...numbered(
      (i) => `temperature${i}`,
      ANALOGS,
      () => Type.Number(),
    ),
    motion: Type.Optional(Type.Boolean()),
    ...numbered(
      (i) => `input${i}`,
      IO,
      () => Type.Boolean({ description: 'input1 is always ignition' }),
    ),
    ...numbered(
      (i) => `input${i}_duration`,
      IO,
      () => Type.Number({ description: 'Seconds active' }),
    ),
    ...numbered(
      (i) => `output${i}`,
      IO,
      () => Type.Boolean(),
    ),
    ...numbered(
      (i) => `output${i}_duration`,
      IO,
      () => Type.Number({ description: 'Seconds active' }),
    ),
    odometer: Type.Optional(Type.Integer({ description: 'Metres since installation' })),
    // The document gives no type for these ("not available yet"): a tracker's value is given back as it came.
    mobile_country_id: Type.Optional(Type.Unknown({ description: 'The country of the mobile network' })),
    mobile_network_id: Type.Optional(Type.Unknown({ description: 'The mobile network' })),
    sendingdate: Type.String({ description: 'When the server received it: YYYY-MM-DD HH:MM:SS, UTC' }),
  },
  {
    // The document's rows end in `[...]`: a field without a value is absent, and a client reads what is there.
    additionalProperties: true,
    description: 'A coordinate (document 002 §5.1); a field without a value is absent',
  },
);

const Tracker = Type.Object(
  {
    id: Type.Integer({ description: 'The Trackway device id' }),
    title: Type.String(),
    description: Type.Optional(Nullable(Type.String())),
    group: Type.String(),
    phone: Type.Optional(Type.String()),
    imei: Type.Optional(Type.String()),
    iccid: Type.Optional(Type.String()),
    serial_number: Type.Optional(Type.String()),
  },
  {
    additionalProperties: true,
    description: 'A tracker (document 002 §4.1); what Trackway does not know of a device is absent',
  },
);

const ByTracker = (schema: TSchema, description: string) =>
  Type.Record(Type.String({ pattern: '^\\d+$' }), schema, { description });
const GpsDate = Type.String({ description: 'YYYY-MM-DD HH:MM:SS, UTC' });

/** `code` is a number in the document's `trackers/list` example and text in every `coordinates/*` one. */
const Status = (codeAsString: boolean) =>
  Type.Object({
    status: Type.String({ description: 'success or error' }),
    code: codeAsString
      ? Type.String({ description: '"200", "400", "401", "404", "429" or "500"' })
      : Type.Integer({ description: '200, 400, 401, 404, 429 or 500' }),
    message: Type.String(),
  });

const json = (description: string, schema: TSchema) => ({
  description,
  content: { 'application/json': { schema } },
});

function answersOf(codeAsString: boolean, result: TSchema, summary?: TSchema) {
  const response = Status(codeAsString);
  const error = (description: string) => json(description, Type.Object({ response }));
  return {
    200: json(
      'The result in the envelope',
      Type.Object({ response, result, ...(summary ? { summary } : {}) }),
    ),
    400: error('A malformed date or page'),
    401: error('No api_token, or one Trackway does not know'),
    404: error('A tracker the token cannot see, or that does not exist'),
    429: error('Too many failed authentications from this client, with Retry-After'),
    500: error('Internal error'),
  };
}

export const gps365Answers = {
  trackersList: answersOf(false, Type.Array(Tracker)),
  live: answersOf(true, ByTracker(Coordinate, 'The newest coordinate of each tracker, by tracker id')),
  list: answersOf(
    true,
    ByTracker(Type.Array(Coordinate), 'Coordinates by tracker time, ascending, by tracker id'),
    ByTracker(
      Type.Object({
        start_date: GpsDate,
        end_date: GpsDate,
        rows: Type.Integer(),
        total: Type.Integer(),
        last_date: Nullable(GpsDate, { description: 'Null when no row was returned' }),
      }),
      'Per tracker id',
    ),
  ),
  historic: answersOf(
    true,
    ByTracker(Type.Array(Coordinate), 'Coordinates by received time, ascending, by tracker id'),
    Type.Object({
      start_date: GpsDate,
      end_date: GpsDate,
      page: Type.Integer(),
      pages: Type.Integer(),
      trackers: ByTracker(Type.Object({ rows: Type.Integer(), total: Type.Integer() }), 'Per tracker id'),
    }),
  ),
};
