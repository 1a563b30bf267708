import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';
import { FUZZ_RUNS, hostileJson, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { identityFromBody, identityFromTopic, parseOwntracksMessage } from './parse-message.ts';

describe('OwnTracks messages, fuzzed', () => {
  it('reads any body into records or throws a ReceiverError', () => {
    const message = fc.record(
      {
        _type: fc.oneof(fc.constantFrom('location', 'transition', 'lwt', 'encrypted', 'card'), fc.string()),
        lat: fc.oneof(fc.double(), hostileParam),
        lon: fc.oneof(fc.double(), hostileParam),
        tst: fc.oneof(fc.double(), fc.integer(), hostileParam),
        event: fc.oneof(fc.constantFrom('enter', 'leave'), fc.string()),
        vel: fc.jsonValue(),
        acc: fc.jsonValue(),
        tid: fc.jsonValue(),
        topic: fc.jsonValue(),
        extra: hostileJson,
      },
      { requiredKeys: ['_type'] },
    );
    fc.assert(
      fc.property(fc.oneof(hostileJson, message), (value) =>
        onlyThrows(() => {
          parseOwntracksMessage(value, 'phone');
          identityFromBody(value);
        }, ReceiverError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads any topic without throwing', () => {
    fc.assert(
      fc.property(fc.string(), (topic) => void identityFromTopic(topic)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('keeps the coordinates and time of a location', () => {
    const fix = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      tst: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    });
    fc.assert(
      fc.property(fix, ({ lat, lon, tst }) => {
        const [record] = parseOwntracksMessage(
          JSON.parse(JSON.stringify({ _type: 'location', lat, lon, tst })),
          'p',
        );
        expect(record!.position).toMatchObject({ lat: lat + 0, lon: lon + 0, fixTime: tst * 1000 });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
