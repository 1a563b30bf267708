/**
 * The custom payload grammar of the Sigfox backend document ("Custom message type decoding grammar"):
 * `name:byteIndex:type[:params]` separated by spaces. Parsing resolves every omitted byte index, so that the
 * compiled decoder only reads fixed offsets.
 */

export type FieldSpec =
  | { name: string; kind: 'bool'; byte: number; bit: number }
  | { name: string; kind: 'char'; byte: number; length: number }
  | { name: string; kind: 'float'; byte: number; length: 4 | 8; littleEndian: boolean }
  | { name: string; kind: 'uint' | 'int'; byte: number; length: number; littleEndian: boolean };

/** A format that cannot be saved; `field` is the 1-based position of the offending field definition. */
export class GrammarError extends Error {
  constructor(
    readonly field: number,
    readonly definition: string,
    reason: string,
  ) {
    super(`field ${field} "${definition}": ${reason}`);
    this.name = 'GrammarError';
  }
}

// The document's grammar allows alpha, digit, "#" and "_"; its prose adds "-". Both are accepted.
const NAME = /^[A-Za-z0-9_#-]+$/;
const INT_BITS = new Set([8, 16, 24, 32, 40, 48, 56, 64]);

/** Parses a payloadConfig; throws a GrammarError naming the first bad field. */
export function parseFormat(format: string): FieldSpec[] {
  // Real configurations carry leading, trailing and doubled spaces (see the grammar vectors).
  const definitions = format.split(/\s+/).filter(Boolean);
  if (!definitions.length) throw new GrammarError(0, format, 'the format defines no field');
  const fields: FieldSpec[] = [];
  const names = new Set<string>();
  // The document: an omitted index means the current byte for a bool, the next byte for other types, and zero
  // for the first field. A bool does not move past its byte; any other field moves past what it read.
  let offset = 0;
  let lastWasBool = false;
  definitions.forEach((definition, i) => {
    const fail = (reason: string): never => {
      throw new GrammarError(i + 1, definition, reason);
    };
    const parts = definition.split(':');
    if (parts.length < 4) fail('expected name:byteIndex:type:parameter');
    const [name, index, type, param, ...rest] = parts as [string, string, string, string, ...string[]];
    if (!NAME.test(name)) fail('the name must use letters, digits, "-", "_" or "#"');
    if (names.has(name)) fail(`the name "${name}" is defined twice`);
    names.add(name);
    if (index !== '' && !/^\d+$/.test(index)) fail(`byte index "${index}" is not a number`);
    const explicit = index === '' ? null : Number(index);
    const start = (kind: string) => {
      if (explicit !== null) return explicit;
      if (i === 0) return 0;
      return kind === 'bool' || !lastWasBool ? offset : offset + 1;
    };
    const endianness = (): boolean => {
      if (rest.length > 1) fail('too many parameters');
      if (rest.length === 0) return false;
      if (rest[0] === 'little-endian') return true;
      if (rest[0] === 'big-endian') return false;
      // The newer grammar's bit offset (e.g. "uint:32:2") is documented with a result no reading reproduces.
      if (/^\d+$/.test(rest[0]!)) fail('bit offsets are not supported; use a bool field per bit instead');
      return fail(`"${rest[0]}" is not an endianness (little-endian or big-endian)`);
    };
    let spec: FieldSpec;
    switch (type) {
      case 'bool': {
        if (rest.length) fail('a bool takes only a bit position');
        if (!/^[0-7]$/.test(param)) fail(`bit "${param}" must be 0 to 7`);
        spec = { name, kind: 'bool', byte: start('bool'), bit: Number(param) };
        break;
      }
      case 'char': {
        if (rest.length) fail('a char takes only a length');
        if (!/^\d+$/.test(param) || Number(param) < 1) fail(`length "${param}" must be a positive number`);
        spec = { name, kind: 'char', byte: start('char'), length: Number(param) };
        break;
      }
      case 'float': {
        if (param !== '32' && param !== '64') fail(`float size "${param}" must be 32 or 64`);
        const length = param === '32' ? 4 : 8;
        spec = { name, kind: 'float', byte: start('float'), length, littleEndian: endianness() };
        break;
      }
      case 'uint':
      case 'int': {
        if (!INT_BITS.has(Number(param)) || !/^\d+$/.test(param)) {
          fail(`${type} size "${param}" must be one of 8, 16, 24, 32, 40, 48, 56, 64`);
        }
        const length = Number(param) / 8;
        spec = { name, kind: type, byte: start(type), length, littleEndian: endianness() };
        break;
      }
      default:
        return fail(`unknown type "${type}" (bool, char, float, uint or int)`);
    }
    fields.push(spec);
    if (spec.kind === 'bool') {
      offset = spec.byte;
      lastWasBool = true;
    } else {
      offset = spec.byte + spec.length;
      lastWasBool = false;
    }
  });
  return fields;
}
