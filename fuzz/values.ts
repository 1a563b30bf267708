import fc from 'fast-check';

/**
 * What an attacker or a broken client sends, as fast-check arbitraries: strings that break number and date
 * parsing, bodies that break parsers (deep nesting, entities, wrong formats, random bytes) and, rarely, bodies
 * near the size limit. Each class here has found a 5xx in some parser at least once.
 */

const digits = (min: number, max: number) => fc.integer({ min, max }).map((n) => '9'.repeat(n));

/** A query or path value. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.integer({ min: 0, max: 5 }).map(String),
  digits(16, 120),
  fc.double().map(String),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e308',
    '-0',
    'NaN',
    'Infinity',
    '0x10',
    'true',
    'null',
    '[]',
    '{}',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '2012-07-03T00:00:00-0000',
    '2024-02-30T25:61:61Z',
    '9999-12-31T23:59:59Z',
    '1900-01-01',
    '00000000000000000000000000001',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const nestedJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedXml = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);

const XML_ATTACKS = [
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><messageList><message><esn>&xxe;</esn></message></messageList>',
  '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><gpx><trk><name>&e;&e;&e;&e;</name></trk></gpx>',
  '<gpx><trk><trkseg><trkpt lat="91" lon="1e400"><time>yesterday</time></trkpt></trkseg></trk></gpx>',
  '<kml><Document><Placemark><Point><coordinates>a,b,c</coordinates></Point></Placemark></Document></kml>',
  '<messageList><message><esn>1</esn><timeInGMTSecond>99999999999999999999999</timeInGMTSecond></message></messageList>',
];

/** A native ingest record, valid or nearly so: the fields a real sender gets wrong. */
const nearRecord = fc.record(
  {
    vendor: fc.oneof(fc.constant('fuzz'), hostileText),
    externalId: fc.oneof(fc.constantFrom('d1', 'd2'), hostileText),
    deviceId: fc.oneof(fc.integer(), fc.double()),
    fixTime: fc.oneof(
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
      fc.double(),
      hostileText,
    ),
    lat: fc.oneof(fc.double(), fc.integer({ min: -90, max: 90 })),
    lon: fc.oneof(fc.double(), fc.integer({ min: -180, max: 180 })),
    speed: fc.double(),
    attributes: fc.jsonValue(),
    message: fc.record(
      { payload: hostileText, payloadEncoding: fc.constantFrom('hex', 'text', 'x'), deviceTime: hostileText },
      { requiredKeys: [] },
    ),
    events: fc.array(
      fc.record({ type: fc.oneof(fc.constantFrom('sos', 'alarm'), hostileText), time: hostileText }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

/** A body, as the text or bytes to send. */
export const hostileBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), weight: 4 },
  { arbitrary: fc.array(nearRecord, { maxLength: 5 }).map((v) => JSON.stringify(v)), weight: 4 },
  {
    arbitrary: fc.array(nearRecord, { maxLength: 5 }).map((v) => v.map((r) => JSON.stringify(r)).join('\n')),
    weight: 2,
  },
  { arbitrary: fc.integer({ min: 1, max: 30_000 }).map(nestedJson), weight: 1 },
  {
    // Written as text: a value this deep would overflow the serializer of the fuzzer itself.
    arbitrary: fc
      .integer({ min: 1, max: 30_000 })
      .map(
        (n) =>
          `[{"vendor":"fuzz","externalId":"deep","fixTime":${Date.now()},"lat":1,"lon":2,"attributes":${nestedObject(n)}}]`,
      ),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 1, max: 30_000 }).map(nestedObject), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 30_000 }).map(nestedXml), weight: 1 },
  { arbitrary: fc.constantFrom(...XML_ATTACKS), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 4096 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 2 },
  {
    arbitrary: fc
      .array(fc.array(hostileText, { maxLength: 6 }), { maxLength: 8 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n')),
    weight: 2,
  },
  {
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 12 }), hostileText)
      .map((d) => new URLSearchParams(d).toString()),
    weight: 2,
  },
);

/** A body of about `bytes`, for the memory a parser holds on large input; drawn rarely. */
export const largeBody = (bytes: number): fc.Arbitrary<string> =>
  fc
    .constantFrom(
      () => '{"a":"' + 'x'.repeat(bytes) + '"}',
      () => '[' + '1,'.repeat(bytes / 2) + '1]',
      () => '<messageList>' + '<message><esn>1</esn></message>'.repeat(bytes / 32) + '</messageList>',
      () => 'time,lat,lon\n' + '2024-01-01T00:00:00Z,1,2\n'.repeat(bytes / 26),
    )
    .map((make) => make());

export const CONTENT_TYPES = [
  'application/json',
  'application/x-ndjson',
  'application/xml',
  'text/csv',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/gpx+xml',
  'application/geo+json',
] as const;
