import { Type, type TSchema } from '@sinclair/typebox';
import { POSITION_FIELDS, TRIP_FIELDS, type FieldKind } from '../wire/trip.ts';

// The answers of MiX's `GET /trips/:since` (document 003) as the facade writes them (wire/present-*.ts). The
// facade sends them as text it has written, so these schemas describe the answers and never reshape them.

const TIME = Type.String({
  description:
    '"\\/Date(ms+zzzz)\\/" (date_format 0, the default) or ISO 8601 with seven fraction digits (date_format 2), ' +
    'in the zone of the globalisation',
});

/** A resource of the document's fields, each absent when it has no value but those always present. */
function resource(
  fields: readonly (readonly [string, FieldKind])[],
  always: readonly string[],
  nested: (kind: 'position' | 'trips') => TSchema,
  description: string,
) {
  const schemaOf = (kind: FieldKind): TSchema =>
    kind === 'string'
      ? Type.String()
      : kind === 'time'
        ? TIME
        : kind === 'number'
          ? Type.Number()
          : nested(kind);
  return Type.Object(
    Object.fromEntries(
      fields.map(([key, kind]) => [
        key,
        always.includes(key) ? schemaOf(kind) : Type.Optional(schemaOf(kind)),
      ]),
    ),
    { additionalProperties: true, description },
  );
}

const Position = resource(
  POSITION_FIELDS,
  ['VehicleId', 'DeviceTimestamp', 'Longitude', 'Latitude'],
  () => Type.Never(),
  'A Position; `Location` only with include_locations',
);

const Trip = resource(
  TRIP_FIELDS,
  ['VehicleId', 'StartTimestamp', 'EndTimestamp'],
  (kind) =>
    kind === 'position'
      ? Position
      : Type.Array(Type.Object({}, { additionalProperties: true, description: 'A Trip' }), {
          description: 'With include_sub_trips: the trips that make up this one, Trip resources themselves',
        }),
  'A Trip (distance and odometer in km, speed in km/h)',
);

const text = (type: string, description: string) => ({
  [type]: { schema: Type.String({ contentMediaType: type, description }) },
});
const refusal = (description: string) => ({
  description,
  content: text(
    'text/plain',
    'The reason phrase and why, e.g. "Unauthorized: the token is unknown or revoked"',
  ),
});

/**
 * Trips in the format asked for (document 003: "application/json, application/javascript (JSONP),
 * application/xml or text/csv as requested"); the refusals in plain text, since the document shows no error body.
 */
export const MIX_TRIPS_ANSWERS = {
  200: {
    description:
      'At most 100 trips from :since on, in DeviceTimestamp order; more only when the 100 share one second, so ' +
      'that a client passing the latest DeviceTimestamp back moves on (docs/vendors/mix.md)',
    headers: {
      'x-globalisation': {
        type: 'string',
        description: "The caller's time zone, to pass back as globalisation",
      },
    },
    content: {
      'application/json': { schema: Type.Array(Trip) },
      ...text('application/javascript', 'JSONP: `callback([…]);` with the JSON array'),
      ...text('application/xml', '`<ArrayOfTrip>` as document 003 shows it'),
      ...text('text/csv', 'A header of the Trip fields, then a row per trip, positions as `{Field:value,…}`'),
    },
  },
  400: refusal('A :since or parameter Trackway cannot read'),
  401: refusal('No token in X-Auth or auth, or one Trackway does not know'),
  413: refusal(':since more than 1 hour earlier than the current server time (document 003)'),
  429: refusal('Too many failed authentications from this client, with Retry-After'),
  500: refusal('The trips could not be read'),
};
