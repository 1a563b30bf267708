import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { REPLACEMENT_CHARACTER, xmlAttribute, xmlSafe, xmlText } from './xml-text.ts';

/** Reads `<a v="…">…</a>` with saxes, an XML 1.0 parser that refuses what the standard refuses. */
function readBack(xml: string): { text: string; attribute: string } {
  const parser = new SaxesParser();
  let text = '';
  let attribute = '';
  parser.on('text', (t) => (text += t));
  parser.on('opentag', (tag) => (attribute = String(tag.attributes.v)));
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
  return { text, attribute };
}

/** Any code point, lone surrogates included, with the troublesome ones drawn often. */
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
  fc.constantFrom('\u0000', '\u0001', '\u001f', '\t', '\n', '\r', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF'),
  fc.constantFrom('<', '>', '&', '"', "'", ']]>', '&amp;', '😀'),
);
const anyText = fc.string({ unit: anyCharacter, maxLength: 40 });

describe('xmlText and xmlAttribute', () => {
  it('make well-formed XML from any string, which a parser reads back as the safe text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const back = readBack(`<a v="${xmlAttribute(s)}">${xmlText(s)}</a>`);
        expect(back).toEqual({ text: xmlSafe(s), attribute: xmlSafe(s) });
      }),
    );
  });

  it('keep attributes read back within single quotes too', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(readBack(`<a v='${xmlAttribute(s)}'/>`).attribute).toBe(xmlSafe(s));
      }),
    );
  });
});

describe('xmlSafe', () => {
  it('leaves text that XML allows unchanged', () => {
    const allowed = fc.string({
      unit: fc
        .integer({ min: 0, max: 0x10ffff })
        .filter(
          (cp) =>
            cp === 9 ||
            cp === 10 ||
            cp === 13 ||
            (cp >= 0x20 && cp <= 0xd7ff) ||
            (cp >= 0xe000 && cp <= 0xfffd) ||
            cp >= 0x10000,
        )
        .map((cp) => String.fromCodePoint(cp)),
    });
    fc.assert(
      fc.property(allowed, (s) => {
        expect(xmlSafe(s)).toBe(s);
      }),
    );
  });

  it('replaces each character XML 1.0 forbids by one U+FFFD, keeping the length of the rest', () => {
    expect(xmlSafe('bad\u0001name')).toBe(`bad${REPLACEMENT_CHARACTER}name`);
    expect(xmlSafe('\u0000\u000b\u000c\uFFFE\uFFFF\uD800x\uDC00')).toBe(
      REPLACEMENT_CHARACTER.repeat(6) + 'x' + REPLACEMENT_CHARACTER,
    );
    expect(xmlSafe('a\uD83D\uDE00b')).toBe('a😀b');
  });
});
