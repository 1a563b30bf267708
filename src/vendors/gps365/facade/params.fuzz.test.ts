import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileJson, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { Gps365ApiError } from './errors.ts';
import { dateParam, readFacadeRequest } from './params.ts';

describe('GPS365 facade parameters, fuzzed', () => {
  it('reads any body, form or JSON, without throwing', () => {
    const key = fc.constantFrom(
      'api_token',
      'trackers[]',
      'trackers[1]',
      'trackers[1][]',
      'start_date',
      'end_date',
      'page',
      'limit',
      'x',
    );
    const form = fc
      .array(fc.tuple(key, hostileParam), { maxLength: 8 })
      .map((pairs) => new URLSearchParams(pairs).toString());
    fc.assert(
      fc.property(fc.oneof(form, hostileJson, fc.string()), (body) => void readFacadeRequest(body)),
      {
        numRuns: FUZZ_RUNS,
      },
    );
  });

  it('reads any date parameter into a finite time or throws a Gps365ApiError', () => {
    fc.assert(
      fc.property(hostileParam, (value) =>
        onlyThrows(() => {
          const t = dateParam('start_date', value);
          if (t !== null) expect(Number.isFinite(t)).toBe(true);
        }, Gps365ApiError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
