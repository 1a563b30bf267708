import fc from 'fast-check';

/**
 * Runs of each property test: enough to hit the classes of input that broke parsers (deep nesting, huge numbers,
 * entities, bytes), few enough that the unit suite stays fast. `npm run fuzz` sends millions to a real hub.
 */
export const FUZZ_RUNS = 300;

type ErrorClass = abstract new (...args: never[]) => Error;

/** Runs `parse`: returns normally or throws one of `allowed`; anything else fails the property with the error. */
export function onlyThrows(parse: () => unknown, ...allowed: ErrorClass[]): true {
  try {
    parse();
  } catch (err) {
    if (allowed.some((type) => err instanceof type)) return true;
    throw err;
  }
  return true;
}

/** Text numbers, dates and oddities that break parameter parsing. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer().map(String),
  fc.integer({ min: 1, max: 120 }).map((n) => '9'.repeat(n)),
  fc.double().map(String),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toISOString())),
  fc.constantFrom(
    '',
    '-1',
    '1e308',
    'NaN',
    'Infinity',
    '0x1f',
    ' 1',
    '1.5',
    '2024-02-30T25:61:61Z',
    '\u0000',
  ),
);

/** JSON text nested `depth` levels, objects or arrays. */
export const nestedJson = (depth: number, kind: 'object' | 'array' = 'object') =>
  kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);

/** Any JSON value, sometimes nested deeply enough to overflow a recursive reader. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue(), weight: 5 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('object' as const, 'array' as const))
      .map(([depth, kind]) => JSON.parse(nestedJson(depth, kind)) as unknown),
    weight: 1,
  },
);

/** The text of hostileJson (a deep value is written directly: serializing it would overflow the test itself). */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 5 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('object' as const, 'array' as const))
      .map(([depth, kind]) => nestedJson(depth, kind)),
    weight: 1,
  },
);
