import fc from 'fast-check';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileParam, onlyThrows } from '../../../lib/testing/fuzz.ts';
import { SigfoxApiError } from './errors.ts';
import { MAX_OFFSET, pageParams } from './paging.ts';

describe('Sigfox facade paging, fuzzed', () => {
  it('reads any limit, offset, before and since into safe numbers or throws a SigfoxApiError', () => {
    const query = fc.record(
      { limit: hostileParam, offset: hostileParam, before: hostileParam, since: hostileParam },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(query, fc.constantFrom('s' as const, 'ms' as const), (q, unit) =>
        onlyThrows(() => {
          const p = pageParams({ query: q } as unknown as FastifyRequest, unit);
          expect(p.offset).toBeLessThanOrEqual(MAX_OFFSET);
          for (const n of [p.limit, p.offset, p.before ?? 0, p.since ?? 0])
            expect(Number.isFinite(n)).toBe(true);
        }, SigfoxApiError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
