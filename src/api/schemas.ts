import { Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';
import { ERROR_CATALOGUE } from './errors.ts';

/** Schemas shared by routes: written once, used for validation, serialisation and OpenAPI. */

/**
 * `schema` or null, as OpenAPI 3.0 writes it (`nullable`). Not `anyOf` with null: fast-json-stringify serialises
 * an `anyOf` by validating each value against its branches, date-time formats included, which took a third of
 * the time of a list of devices or a sync page; `nullable` it serialises by the value's type. `nullable` also
 * keeps a JSON null a null: the validator coerces types (query strings need it), and in an `anyOf` whose first
 * branch is the value's schema a null was coerced to 0 or "". A reference keeps `anyOf` (keywords beside a `$ref`
 * are ignored), with null first for the same reason.
 */
// An `enum` beside `nullable` must list null too, or the schema (as OpenAPI 3.1 turns it into `type: [x, 'null']`)
// still refuses null.
export const Nullable = <T extends TSchema>(schema: T, options?: SchemaOptions) =>
  '$ref' in schema
    ? Type.Union([Type.Null(), schema], options)
    : Type.Unsafe<Static<T> | null>({
        ...schema,
        ...options,
        ...(Array.isArray(schema.enum) && { enum: [...schema.enum, null] }),
        nullable: true,
      });
export const IsoTime = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
const Attributes = Type.Record(Type.String(), Type.Unknown());

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ enum: Object.keys(ERROR_CATALOGUE) }),
      message: Type.String(),
    }),
  },
  { $id: 'Error', description: 'The one error shape; codes are listed in the error catalogue.' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ description: 'Opaque cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
};

export const GroupSchema = Type.Object(
  {
    id: Type.Integer(),
    parentId: Nullable(Type.Integer()),
    name: Type.String(),
    path: Type.String({ description: 'Ancestor ids, e.g. /1/4/' }),
    unknownDevices: Type.String({ enum: ['create', 'reject'] }),
    retentionDays: Nullable(Type.Integer()),
    attributes: Attributes,
    createdAt: IsoTime,
  },
  { $id: 'Group' },
);

export const TokenSchema = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    role: Type.String({ enum: ['admin', 'manager', 'viewer'] }),
    name: Type.String(),
    prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
    createdAt: IsoTime,
    lastUsedAt: Nullable(IsoTime),
    revokedAt: Nullable(IsoTime),
  },
  { $id: 'Token' },
);

export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    login: Type.String(),
    name: Type.String(),
    role: Type.String({ enum: ['admin', 'manager', 'viewer'] }),
    createdAt: IsoTime,
    disabledAt: Nullable(IsoTime),
  },
  { $id: 'User' },
);

export const DeviceTypeSchema = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    keepAlive: Type.Integer({ description: 'Minutes; 0 = off' }),
    payloadType: Type.String({ enum: ['none', 'string', 'custom', 'geolocation', 'decoder'] }),
    payloadConfig: Nullable(Type.String()),
    downlinkMode: Nullable(Type.String()),
    downlinkData: Nullable(Type.String()),
    alertEmail: Nullable(Type.String()),
    attributes: Attributes,
    createdAt: IsoTime,
  },
  { $id: 'DeviceType' },
);

const num = () => Nullable(Type.Number());
export const PositionSchema = Type.Object(
  {
    id: Type.Integer(),
    deviceId: Type.Integer(),
    messageId: Nullable(Type.Integer()),
    fixTime: IsoTime,
    receivedTime: IsoTime,
    lat: Type.Number(),
    lon: Type.Number(),
    valid: Type.Boolean(),
    accuracy: num(),
    altitude: num(),
    speed: Nullable(Type.Number({ description: 'km/h' })),
    course: Nullable(Type.Number({ description: 'degrees clockwise from north' })),
    hdop: num(),
    vdop: num(),
    pdop: num(),
    satellites: Nullable(Type.Integer()),
    odometer: Nullable(Type.Number({ description: 'metres' })),
    ignition: Nullable(Type.Boolean()),
    motion: Nullable(Type.Boolean()),
    inputs: Nullable(Type.Integer()),
    outputs: Nullable(Type.Integer()),
    analogs: Nullable(Type.Record(Type.String(), Type.Number())),
    temperatures: Nullable(Type.Record(Type.String(), Type.Number())),
    power: Nullable(Type.Number({ description: 'volts' })),
    attributes: Attributes,
  },
  { $id: 'Position' },
);

export const MessageSchema = Type.Object(
  {
    id: Type.Integer(),
    deviceId: Type.Integer(),
    sourceId: Nullable(Type.Integer()),
    sourceMessageId: Nullable(Type.String()),
    deviceTime: IsoTime,
    receivedTime: IsoTime,
    messageType: Nullable(Type.String()),
    payload: Nullable(Type.String()),
    payloadEncoding: Nullable(Type.String({ enum: ['hex', 'text'] })),
    radio: Attributes,
    decoded: Nullable(Attributes),
    duplicate: Type.Boolean(),
    attributes: Attributes,
    positionId: Nullable(
      Type.Integer({
        description:
          'The position stored before this message that it adopted (a Sigfox geolocation sent before its data); a position always names its message by messageId',
      }),
    ),
  },
  { $id: 'Message' },
);

export const EventSchema = Type.Object(
  {
    id: Type.Integer(),
    deviceId: Nullable(Type.Integer()),
    groupId: Type.Integer(),
    type: Type.String(),
    time: IsoTime,
    key: Nullable(Type.String()),
    positionId: Nullable(Type.Integer()),
    messageId: Nullable(Type.Integer()),
    attributes: Attributes,
    createdAt: IsoTime,
  },
  { $id: 'Event' },
);

export const DeviceSchema = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    typeId: Nullable(Type.Integer()),
    name: Type.String(),
    state: Type.String({ enum: ['ok', 'silent', 'off', 'disabled', 'warn'] }),
    externalIds: Type.Array(Type.Object({ vendor: Type.String(), externalId: Type.String() })),
    lastSeen: Nullable(IsoTime),
    linkStats: Attributes,
    attributes: Attributes,
    createdAt: IsoTime,
    latestPosition: Nullable(Type.Ref('Position')),
  },
  { $id: 'Device' },
);

export const SourceSchema = Type.Object(
  {
    id: Type.Integer(),
    groupId: Type.Integer(),
    vendor: Type.String(),
    kind: Type.String({ enum: ['pull', 'push'] }),
    name: Type.String(),
    settings: Attributes,
    unknownDevices: Type.String({ enum: ['create', 'reject'] }),
    enabled: Type.Boolean(),
    status: Type.String({ enum: ['idle', 'running', 'backoff', 'failed', 'disabled'] }),
    lastError: Nullable(Type.String()),
    lastErrorAt: Nullable(IsoTime),
    lastSuccessAt: Nullable(IsoTime),
    lastRequestAt: Nullable(IsoTime),
    nextRunAt: Nullable(IsoTime),
    failures: Type.Integer(),
    leaseOwner: Nullable(
      Type.String({ description: 'The process running this source now (host:pid:tag), by its lease' }),
    ),
    leaseUntil: Nullable(IsoTime),
    createdAt: IsoTime,
  },
  { $id: 'Source' },
);

/** The shared schemas, registered once so routes and OpenAPI refer to them by `$ref`. */
export const SHARED_SCHEMAS = [
  ErrorSchema,
  GroupSchema,
  TokenSchema,
  UserSchema,
  DeviceTypeSchema,
  PositionSchema,
  MessageSchema,
  EventSchema,
  DeviceSchema,
  SourceSchema,
];

export const ref = (id: string) => Type.Ref(id);

export const pageOf = (itemRef: string) =>
  Type.Object({ items: Type.Array(Type.Ref(itemRef)), next: Nullable(Type.String()) });

/** Standard error responses for a route's OpenAPI entry. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Error')]));
}

/** A string enum whose static type is the union of its values. */
export const Literals = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
