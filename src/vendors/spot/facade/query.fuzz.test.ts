import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { BadQuery, offsetOf, parseSpotDate } from './query.ts';

describe('SPOT feed query, fuzzed', () => {
  it('reads any start into a safe offset or throws BadQuery', () => {
    fc.assert(
      fc.property(hostileParam, (start) =>
        onlyThrows(() => expect(Number.isSafeInteger(offsetOf(start))).toBe(true), BadQuery),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads any startDate into a finite time or throws BadQuery', () => {
    fc.assert(
      fc.property(hostileParam, (value) =>
        onlyThrows(() => {
          const t = parseSpotDate('startDate', value);
          if (t !== null) expect(Number.isFinite(t)).toBe(true);
        }, BadQuery),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads back the time a date was written from', () => {
    const time = fc
      .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) })
      .map((t) => t - (t % 1000));
    fc.assert(
      fc.property(time, (t) => {
        const text = new Date(t).toISOString().replace(/\.\d{3}Z$/, '-0000');
        expect(parseSpotDate('startDate', text)).toBe(t);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
