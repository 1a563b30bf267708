import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';
import { FUZZ_RUNS, hostileJson, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { parseOsmandJson } from './parse-json.ts';
import { parseOsmandParams } from './parse-params.ts';

const NAMES = [
  'id',
  'deviceid',
  'lat',
  'lon',
  'location',
  'timestamp',
  'speed',
  'bearing',
  'altitude',
  'accuracy',
];
const moreNames = ['hdop', 'batt', 'cell', 'wifi', 'valid', 'charge', 'driverUniqueId'];

describe('OsmAnd receiver, fuzzed', () => {
  it('reads any query string into records or throws a ReceiverError', () => {
    const name = fc.oneof(fc.constantFrom(...NAMES, ...moreNames), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, hostileParam), { maxLength: 10 }), (pairs) =>
        onlyThrows(() => parseOsmandParams(new URLSearchParams(pairs), Date.now()), ReceiverError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads any JSON body into records or throws a ReceiverError', () => {
    const location = fc.record(
      {
        timestamp: fc.oneof(hostileParam, fc.double()),
        coords: fc.record(
          { latitude: fc.double(), longitude: fc.double(), speed: fc.jsonValue() },
          { requiredKeys: [] },
        ),
        extras: hostileJson,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      hostileJson,
      fc.record({
        device_id: fc.oneof(fc.string(), fc.jsonValue()),
        location: fc.oneof(location, fc.array(location)),
      }),
    );
    fc.assert(
      fc.property(body, (value) => onlyThrows(() => parseOsmandJson(value), ReceiverError)),
      {
        numRuns: FUZZ_RUNS,
      },
    );
  });

  it('keeps the coordinates and time it was sent', () => {
    const fix = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }).map((n) => n + 0),
      lon: fc.double({ min: -180, max: 180, noNaN: true }).map((n) => n + 0),
      seconds: fc.integer({ min: 1_000_000_000, max: 2 ** 31 - 1 }),
    });
    fc.assert(
      fc.property(fix, ({ lat, lon, seconds }) => {
        const params = new URLSearchParams({
          id: 'phone',
          lat: String(lat),
          lon: String(lon),
          timestamp: String(seconds),
        });
        const { record } = parseOsmandParams(params, Date.now());
        expect(record.position).toMatchObject({ lat, lon, fixTime: seconds * 1000 });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
