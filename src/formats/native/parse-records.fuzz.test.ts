import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileJson, hostileJsonText, onlyThrows } from '../../lib/testing/fuzz.ts';
import { BodyParseError, parseRecord, splitBody } from './parse-records.ts';

describe('native records, fuzzed', () => {
  it('splits any body into values or throws BodyParseError', () => {
    const body = fc.oneof(fc.string(), hostileJsonText, fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(body, fc.boolean(), (text, ndjson) =>
        onlyThrows(() => splitBody(text, ndjson), BodyParseError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('answers any value with a record or a reason, never a throw', () => {
    const record = fc.record(
      {
        vendor: fc.string(),
        externalId: fc.string(),
        deviceId: fc.oneof(fc.integer(), fc.double()),
        fixTime: fc.oneof(fc.string(), fc.double(), fc.integer()),
        lat: fc.double(),
        lon: fc.double(),
        attributes: hostileJson,
        message: fc.record(
          { deviceTime: fc.oneof(fc.string(), fc.double()), decoded: hostileJson },
          { requiredKeys: [] },
        ),
        events: fc.array(fc.record({ type: fc.string(), time: fc.oneof(fc.string(), fc.double()) }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(hostileJson, record), (value) => {
        const parsed = parseRecord(value);
        if (!parsed.ok) expect(parsed.reason).toEqual(expect.any(String));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads back the position it was given', () => {
    const position = fc.record({
      fixTime: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }).map((n) => n + 0),
      lon: fc.double({ min: -180, max: 180, noNaN: true }).map((n) => n + 0),
      speed: fc.double({ min: 0, max: 2000, noNaN: true }).map((n) => n + 0),
    });
    fc.assert(
      fc.property(position, (p) => {
        const wire = { vendor: 'v', externalId: 'x', ...p, fixTime: new Date(p.fixTime).toISOString() };
        const parsed = parseRecord(JSON.parse(JSON.stringify(wire)));
        expect(parsed).toMatchObject({ ok: true, record: { position: p } });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
