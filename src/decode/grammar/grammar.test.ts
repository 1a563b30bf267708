import { describe, expect, it } from 'vitest';
import { readSample, samplesMissing, type GrammarVector } from '../../vendors/sigfox/testing/samples.ts';
import { compileFormat, decoderFor, hexBytes } from './compile.ts';
import { GrammarError, parseFormat } from './parse.ts';

const decode = (format: string, hex: string) => compileFormat(format).decode(hexBytes(hex)!);

describe.skipIf(samplesMissing)('custom grammar vectors (real parsers and the document)', () => {
  const vectors = samplesMissing
    ? []
    : readSample<{ vectors: GrammarVector[] }>('custom-grammar-vectors.json').vectors;
  const strict = vectors.filter((v) => v.tier !== 'documented-but-unverified');

  it('has vectors to check', () => expect(strict.length).toBeGreaterThanOrEqual(15));

  for (const v of strict) {
    it(`decodes ${v.id}`, () => {
      // Fields past the end of the data are left out (see veldars-overrun): the result is exactly the expected.
      expect(decode(v.format, v.hex)).toEqual(v.expected);
    });
  }

  it('refuses the ambiguous bit-offset form, naming the field, rather than guess', () => {
    const ambiguous = vectors.find((v) => v.tier === 'documented-but-unverified')!;
    expect(() => compileFormat(ambiguous.format)).toThrow(/field 3 "i2::uint:32:2": bit offsets/);
  });
});

describe('custom grammar', () => {
  it('places an omitted index on the current byte for a bool and on the next byte for other types', () => {
    expect(parseFormat('a::uint:8 b::bool:0 c::uint:8').map((f) => f.byte)).toEqual([0, 1, 2]);
    expect(parseFormat('a::bool:1 b::bool:0 c::uint:16 d::uint:8').map((f) => f.byte)).toEqual([0, 0, 1, 3]);
  });

  it('yields only the fields that fit a short payload', () => {
    expect(decode('a::uint:8 s::char:4 f::float:32 x::bool:0', '01414243')).toEqual({ a: 1 });
    expect(decode('a::uint:16', '')).toEqual({});
  });

  it('reads 64-bit integers exactly, as strings when past 2^53', () => {
    expect(decode('a::uint:64 b::int:64', '0000000000000001ffffffffffffffff')).toEqual({ a: 1, b: -1 });
    expect(decode('a::uint:64', 'ffffffffffffffff')).toEqual({ a: '18446744073709551615' });
    expect(decode('a::float:64:little-endian', '000000000000f03f')).toEqual({ a: 1 });
  });

  it.each([
    ['', 'defines no field'],
    ['a::uint:8 b::uint:12', 'field 2 "b::uint:12": uint size "12"'],
    ['a::bool:8', 'field 1 "a::bool:8": bit "8" must be 0 to 7'],
    ['a::char:0', 'length "0" must be a positive number'],
    ['a:x:uint:8', 'byte index "x" is not a number'],
    ['a::uint:16:middle-endian', '"middle-endian" is not an endianness'],
    ['a::string:4', 'unknown type "string"'],
    ['a::uint:8 a::uint:8', 'the name "a" is defined twice'],
    ['a b', 'field 1 "a": expected name:byteIndex:type:parameter'],
    ['a!::uint:8', 'the name must use'],
    ['a::float:16', 'float size "16" must be 32 or 64'],
  ])('refuses %j with a message that points at the field', (format, message) => {
    expect(() => compileFormat(format)).toThrow(GrammarError);
    expect(() => compileFormat(format)).toThrow(message);
  });

  it('compiles a format once and reuses it', () => {
    expect(decoderFor('a::uint:8')).toBe(decoderFor('a::uint:8'));
  });

  it('rejects payloads that are not hex', () => {
    expect(hexBytes('12g4')).toBeNull();
    expect(hexBytes('123')).toBeNull();
    expect(hexBytes('C0ff')).toEqual(Buffer.from([0xc0, 0xff]));
  });
});
