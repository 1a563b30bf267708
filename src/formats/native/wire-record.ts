import { Type, type Static } from '@sinclair/typebox';

/** One record of `POST /api/v1/ingest`, as senders write it: position fields flat, message and events nested. */
const Time = Type.Union([Type.String(), Type.Number()], {
  description: 'ISO 8601 with a zone (Z or ±hh:mm), or epoch milliseconds',
});
const Num = Type.Number();
const Attributes = Type.Record(Type.String(), Type.Unknown());

export const WireMessage = Type.Object(
  {
    deviceTime: Type.Optional(Time),
    id: Type.Optional(Type.String({ description: "The sender's message id; deduplicates by it" })),
    type: Type.Optional(Type.String()),
    payload: Type.Optional(Type.String()),
    payloadEncoding: Type.Optional(Type.Union([Type.Literal('hex'), Type.Literal('text')])),
    radio: Type.Optional(
      Type.Object(
        {
          seqNumber: Type.Optional(Type.Integer()),
          snr: Type.Optional(Num),
          rssi: Type.Optional(Num),
          station: Type.Optional(Type.String()),
          linkQuality: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    decoded: Type.Optional(Attributes),
    attributes: Type.Optional(Attributes),
  },
  { additionalProperties: false },
);

export const WireEvent = Type.Object(
  {
    type: Type.String(),
    time: Type.Optional(Time),
    key: Type.Optional(Type.String()),
    attributes: Type.Optional(Attributes),
  },
  { additionalProperties: false },
);

export const WireRecord = Type.Object(
  {
    deviceId: Type.Optional(Type.Integer({ minimum: 1 })),
    vendor: Type.Optional(Type.String({ minLength: 1 })),
    externalId: Type.Optional(Type.String({ minLength: 1 })),
    name: Type.Optional(Type.String({ description: 'Name for a device created by this record' })),
    fixTime: Type.Optional(Time),
    lat: Type.Optional(Num),
    lon: Type.Optional(Num),
    valid: Type.Optional(Type.Boolean()),
    accuracy: Type.Optional(Type.Number({ description: 'metres' })),
    altitude: Type.Optional(Type.Number({ description: 'metres' })),
    speed: Type.Optional(Type.Number({ description: 'km/h' })),
    course: Type.Optional(Type.Number({ description: 'degrees' })),
    hdop: Type.Optional(Num),
    vdop: Type.Optional(Num),
    pdop: Type.Optional(Num),
    satellites: Type.Optional(Type.Integer()),
    odometer: Type.Optional(Type.Number({ description: 'metres' })),
    ignition: Type.Optional(Type.Boolean()),
    motion: Type.Optional(Type.Boolean()),
    inputs: Type.Optional(Type.Integer()),
    outputs: Type.Optional(Type.Integer()),
    analogs: Type.Optional(Type.Record(Type.String(), Num)),
    temperatures: Type.Optional(Type.Record(Type.String(), Num)),
    power: Type.Optional(Type.Number({ description: 'volts' })),
    attributes: Type.Optional(Attributes),
    message: Type.Optional(WireMessage),
    events: Type.Optional(Type.Array(WireEvent)),
  },
  { additionalProperties: false, $id: 'IngestRecord' },
);

export type WireRecord = Static<typeof WireRecord>;
