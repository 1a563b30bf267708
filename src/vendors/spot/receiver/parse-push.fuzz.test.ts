import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileJsonText, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { parseFeed, SpotFormatError } from '../connector/parse-feed.ts';
import type { SpotMessage } from '../spot-message.ts';
import { pushXml } from '../testing/push-xml.ts';
import { parsePush, SpotPushError } from './parse-push.ts';

const nested = (depth: number) => '<m>'.repeat(depth) + '</m>'.repeat(depth);

/** XML a SPOT endpoint may be sent: well-formed or not, deep, with entities, or a real messageList. */
const hostileXml = fc.oneof(
  fc.string(),
  fc.integer({ min: 1, max: 30_000 }).map((d) => `<messageList>${nested(d)}</messageList>`),
  fc
    .string({
      unit: fc.constantFrom('<', '>', '/', 'a', 'message', 'esn', '&', ';', '!', '"', ' ', '=', '?'),
    })
    .map((s) => `<messageList>${s}</messageList>`),
  fc.constantFrom(
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><messageList>&x;</messageList>',
    '<!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><response>&b;</response>',
    '<messageList><message><esn>1</esn><timeInGMTSecond>9'.padEnd(120, '9') +
      '</timeInGMTSecond></message></messageList>',
  ),
);

const message: fc.Arbitrary<SpotMessage> = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }).map(String),
  messengerId: fc.string({ unit: fc.constantFrom(...'0123456789-'), minLength: 1, maxLength: 10 }),
  messengerName: fc.string({ maxLength: 20 }).map((s) => s.trim()),
  unixTime: fc.integer({ min: 0, max: 2 ** 31 }),
  messageType: fc.constantFrom('TRACK', 'OK', 'CUSTOM', 'HELP', 'NEWMOVEMENT'),
  latitude: fc.double({ min: -90, max: 90, noNaN: true }).map((n) => n + 0),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }).map((n) => n + 0),
  modelId: fc.constant(null),
  showCustomMsg: fc.constant(null),
  dateTime: fc.constant(null),
  batteryState: fc.constantFrom('GOOD', 'LOW', null),
  hidden: fc.constant(0),
  altitude: fc.oneof(fc.constant(null), fc.integer({ min: -500, max: 9000 })),
  messageContent: fc.oneof(
    fc.constant(null),
    fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== ''),
  ),
  clientUnixTime: fc.constant('0'),
});

describe('SPOT XML and JSON, fuzzed', () => {
  it('reads any push body into messages or throws a SpotPushError', () => {
    fc.assert(
      fc.property(hostileXml, (body) => onlyThrows(() => parsePush(body), SpotPushError)),
      {
        numRuns: FUZZ_RUNS,
      },
    );
  });

  it('reads any feed response, XML or JSON, or throws a SpotFormatError', () => {
    fc.assert(
      fc.property(fc.oneof(hostileXml, hostileJsonText), (body) =>
        onlyThrows(() => parseFeed(body), SpotFormatError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads back the messages a push body was written from', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 4 }), (messages) => {
        expect(parsePush(pushXml(messages))).toEqual(messages);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
