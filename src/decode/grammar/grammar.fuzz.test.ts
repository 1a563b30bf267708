import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, onlyThrows } from '../../lib/testing/fuzz.ts';
import { decodePayload } from '../payload.ts';
import { compileFormat, hexBytes } from './compile.ts';
import { GrammarError } from './parse.ts';

/** Field specs of the payload grammar (`name::type:length…`), valid and not, joined as a payloadConfig is. */
const field = fc.oneof(
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'abcxyz_1'), minLength: 1, maxLength: 6 }),
      fc.oneof(fc.constant(''), fc.nat({ max: 20 }).map(String), fc.string({ maxLength: 4 })),
      fc.constantFrom('uint', 'int', 'float', 'bool', 'char', 'ufloat', 'x', ''),
      fc.oneof(
        fc.nat({ max: 70 }).map(String),
        fc.string({ maxLength: 3 }),
        fc.constant('99999999999999999999'),
      ),
      fc.constantFrom('', ':little-endian', ':big-endian', ':7', ':x'),
    )
    .map(([name, index, type, length, rest]) => `${name}:${index}:${type}:${length}${rest}`),
  fc.string({ maxLength: 20 }),
);
const config = fc.array(field, { maxLength: 6 }).map((f) => f.join(' '));
const hex = fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString('hex'));

describe('payload grammar, fuzzed', () => {
  it('compiles any payloadConfig or throws a GrammarError, and decodes any bytes without throwing', () => {
    fc.assert(
      fc.property(config, hex, (format, data) =>
        onlyThrows(() => {
          const decoded = compileFormat(format).decode(hexBytes(data)!);
          for (const v of Object.values(decoded)) expect(['number', 'boolean', 'string']).toContain(typeof v);
        }, GrammarError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('decodes any payload of any device type into fields or an error, never a throw', () => {
    const type = fc.record({
      payloadType: fc.constantFrom('string', 'custom', 'none', 'x') as fc.Arbitrary<never>,
      payloadConfig: fc.oneof(config, fc.constant(null)),
    });
    fc.assert(
      fc.property(type, fc.oneof(hex, fc.string()), (t, data) => void decodePayload(t, data)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads back an unsigned integer it was given, at any byte and length', () => {
    const value = fc
      .integer({ min: 1, max: 6 })
      .chain((bytes) =>
        fc.tuple(fc.constant(bytes), fc.nat({ max: 4 }), fc.nat({ max: 2 ** (8 * bytes) - 1 }), fc.boolean()),
      );
    fc.assert(
      fc.property(value, ([bytes, at, n, little]) => {
        const buffer = Buffer.alloc(at + bytes);
        if (little) buffer.writeUIntLE(n, at, bytes);
        else buffer.writeUIntBE(n, at, bytes);
        const format = `v:${at}:uint:${bytes * 8}${little ? ':little-endian' : ''}`;
        expect(compileFormat(format).decode(buffer)).toEqual({ v: n });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
