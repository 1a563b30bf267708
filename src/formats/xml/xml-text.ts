/**
 * The one place where text becomes XML: every XML the hub writes (GPX, KML, the SPOT and MiX facades) passes its
 * names, values and attributes through here.
 *
 * XML 1.0 (§2.2, `Char`) allows tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF, and nothing else, not even as a character reference: a device named `"bad\u0001name"` would
 * make the whole file unreadable. Such characters (other C0 controls, lone surrogates, U+FFFE and U+FFFF) are
 * replaced with U+FFFD, so that a reader sees that something was there.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const REPLACEMENT_CHARACTER = '\uFFFD';

/** The text with every character XML 1.0 does not allow replaced by U+FFFD; what a reader gets back. */
export const xmlSafe = (s: string): string => s.replace(NOT_XML_CHAR, REPLACEMENT_CHARACTER);

const TEXT_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  // A reader turns a raw carriage return into a line feed (§2.11); as a reference it comes back as it was.
  '\r': '&#13;',
};

/** A reader turns raw tabs and line breaks inside an attribute into spaces (§3.3.3); references keep them. */
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '\t': '&#9;', '\n': '&#10;' };

/** Element content: escaped, and safe for XML 1.0. */
export const xmlText = (value: string | number | boolean): string =>
  xmlSafe(String(value)).replace(/[<>&"'\r]/g, (c) => TEXT_ESCAPES[c]!);

/** An attribute value (between double or single quotes): escaped, safe, and read back unchanged. */
export const xmlAttribute = (value: string | number | boolean): string =>
  xmlSafe(String(value)).replace(/[<>&"'\r\t\n]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
