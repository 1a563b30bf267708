import fc from 'fast-check';
import type { FastifyRequest } from 'fastify';
import { describe, it } from 'vitest';
import { FUZZ_RUNS, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { MixApiError } from './errors.ts';
import { readTripsRequest } from './request.ts';

describe('MiX trips request, fuzzed', () => {
  it('reads any since and query parameters, or throws a MixApiError', () => {
    const names = [
      'auth',
      'system_type',
      'organisation_id',
      'vehicle_ids',
      'driver_ids',
      'include_sub_trips',
      'include_locations',
      'callback',
      'date_format',
      'globalisation',
    ];
    const query = fc.record(Object.fromEntries(names.map((n) => [n, hostileParam])), { requiredKeys: [] });
    const since = fc.oneof(
      hostileParam,
      hostileParam.map((s) => `${s}.json`),
      fc.constantFrom('20240101000000.xml', '99999999999999999999.csv'),
    );
    fc.assert(
      fc.property(query, since, hostileParam, (q, s, accept) =>
        onlyThrows(
          () => readTripsRequest({ query: q, headers: { accept } } as unknown as FastifyRequest, s),
          MixApiError,
        ),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
