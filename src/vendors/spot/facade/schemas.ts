import { Type, type TSchema } from '@sinclair/typebox';

// The answers of SPOT's feed API (document 000) as the facade writes them (present-json.ts, present-xml.ts). The
// facade sends them as text it has written, so these schemas describe the answers and never reshape them.

const SpotMessageJson = Type.Object(
  {
    '@clientUnixTime': Type.String({ description: 'The XML attribute `clientUnixTime`, as text' }),
    id: Type.Union([Type.Integer(), Type.String()], { description: 'A number when it is all digits' }),
    messengerId: Type.String(),
    messengerName: Type.String(),
    unixTime: Type.Integer({ description: 'Seconds since the epoch' }),
    messageType: Type.String({
      description:
        'OK, TRACK, EXTREME-TRACK, UNLIMITED-TRACK, NEWMOVEMENT, HELP, HELP-CANCEL, CUSTOM, POI, STOP (document ' +
        '000), or another type SPOT sent, kept as it came',
    }),
    latitude: Type.Number({ description: '-99999 when the messenger had no fix' }),
    longitude: Type.Number({ description: '-99999 when the messenger had no fix' }),
    modelId: Type.Optional(Type.String()),
    showCustomMsg: Type.Optional(Type.String()),
    dateTime: Type.Optional(Type.String({ description: 'With its offset, e.g. 2013-04-02T06:28:12-0700' })),
    batteryState: Type.Optional(Type.String()),
    hidden: Type.Integer(),
    altitude: Type.Optional(Type.Number()),
    messageContent: Type.Optional(Type.String()),
  },
  // Real SPOT has added fields the document lacks (batteryState, altitude); a client must expect more.
  { additionalProperties: true },
);

const FeedInfoJson = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    status: Type.String(),
    usage: Type.Integer(),
    daysRange: Type.Integer(),
    detailedMessageShown: Type.Boolean(),
    type: Type.Optional(Type.String({ description: 'SHARED_PAGE; absent from the XML' })),
  },
  { additionalProperties: true },
);

const FeedPageJson = Type.Object({
  response: Type.Object({
    feedMessageResponse: Type.Object({
      count: Type.Integer(),
      feed: FeedInfoJson,
      totalCount: Type.Integer(),
      activityCount: Type.Integer(),
      messages: Type.Object({
        message: Type.Union([SpotMessageJson, Type.Array(SpotMessageJson, { minItems: 2 })], {
          description: 'One message as an object, several as an array, as real SPOT sends them',
        }),
      }),
    }),
  }),
});

const ErrorJson = Type.Object(
  {
    response: Type.Object({
      errors: Type.Object({
        error: Type.Object({
          code: Type.String({ description: 'E-0160 feed not found, E-0195 no messages, E-0400, E-0429…' }),
          text: Type.String(),
          description: Type.String(),
        }),
      }),
    }),
  },
  { description: "SPOT's error envelope" },
);

const Xml = (description: string) => Type.String({ contentMediaType: 'application/xml', description });

const bodyOf = (format: 'json' | 'xml', json: TSchema, xml: string) =>
  format === 'json' ? { 'application/json': { schema: json } } : { 'application/xml': { schema: Xml(xml) } };

const XML_ERROR = '`<response><errors><error>` with `code`, `text` and `description`';

/**
 * The answers of a feed resource in its format. SPOT answers a feed it cannot show (unknown, wrong password, no
 * messages) with 200 and its error envelope; a bad query, a client over its limit of failed passwords and a
 * fault with the envelope and their status; a rate-limited feed called too often with a 403 HTML page.
 */
export function feedAnswers(format: 'json' | 'xml') {
  const error = (description: string) => ({ description, content: bodyOf(format, ErrorJson, XML_ERROR) });
  return {
    200: {
      description:
        'The messages (`feedMessageResponse`), or the error envelope: feed not found, no messages…',
      content: bodyOf(
        format,
        Type.Union([FeedPageJson, ErrorJson]),
        '`<response><feedMessageResponse>` as document 000 shows it, or `<response><errors>`',
      ),
    },
    400: error('A malformed start, startDate or endDate (E-0400)'),
    403: {
      description: 'A rate-limited feed called again too soon (document 000: "your IP being blocked")',
      content: { 'text/html': { schema: Type.String() } },
    },
    429: error('Too many wrong feed passwords from this client (E-0429), with Retry-After'),
    500: error('The feed could not be read (E-0500)'),
  };
}
