import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { FaApiError } from './errors.ts';
import { readLocationsQuery } from './locations-query.ts';

describe('FollowAnalytics locations query, fuzzed', () => {
  it('reads any query into safe paging and finite values, or throws an FaApiError', () => {
    const names = [
      'page',
      'per_page',
      'fields',
      'session_ids',
      'device_ids',
      'latitude',
      'longitude',
      'since_date',
      'until_date',
    ];
    const query = fc.record(Object.fromEntries(names.map((n) => [n, hostileParam])), { requiredKeys: [] });
    fc.assert(
      fc.property(query, (q) =>
        onlyThrows(() => {
          const r = readLocationsQuery(q);
          expect(Number.isSafeInteger((r.page - 1) * r.perPage)).toBe(true);
          for (const n of [r.latitude, r.longitude, r.since, r.until])
            if (n !== null) expect(Number.isFinite(n)).toBe(true);
        }, FaApiError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
