import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FUZZ_RUNS, hostileJsonText, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { CallbackBodyError, readCallback } from './parse-body.ts';
import { toUplink } from './uplink.ts';

const FIELDS = [
  'device',
  'time',
  'data',
  'seqNumber',
  'lqi',
  'snr',
  'rssi',
  'station',
  'ack',
  'computedLocation',
];

describe('Sigfox callbacks, fuzzed', () => {
  it('reads any body, of any content type, into an uplink or throws a CallbackBodyError', () => {
    const fields = fc.dictionary(
      fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })),
      hostileParam,
    );
    const body = fc.oneof(
      hostileJsonText,
      fc.string(),
      fields.map((f) => new URLSearchParams(f).toString()),
      fields.map((f) => JSON.stringify(f)),
      fc
        .tuple(
          fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 1, maxLength: 8 }),
          hostileJsonText,
        )
        .map(([device, location]) => `{"device":"${device}","computedLocation":${location}}`),
    );
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
    );
    fc.assert(
      fc.property(body, contentType, fields, (raw, type, query) =>
        onlyThrows(() => toUplink(readCallback(raw, type, query)), CallbackBodyError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
