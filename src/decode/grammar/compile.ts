import { parseFormat, type FieldSpec } from './parse.ts';

export type FieldValue = number | boolean | string;
export type DecodedFields = Record<string, FieldValue>;

/** A payloadConfig compiled once: reads fixed offsets, no parsing or type dispatch per message. */
export interface Decoder {
  readonly fields: readonly FieldSpec[];
  /** Decodes raw bytes; a field that does not fit in them is left out, never filled with garbage. */
  decode(bytes: Buffer): DecodedFields;
}

type Reader = (bytes: Buffer, out: DecodedFields) => void;

/** Compiles a payloadConfig; throws GrammarError for an invalid one. */
export function compileFormat(format: string): Decoder {
  const fields = parseFormat(format);
  const readers = fields.map(reader);
  const count = readers.length;
  return {
    fields,
    decode(bytes) {
      const out: DecodedFields = {};
      for (let i = 0; i < count; i++) readers[i]!(bytes, out);
      return out;
    },
  };
}

const cache = new Map<string, Decoder>();
const CACHE_LIMIT = 1000;

/** The compiled decoder of a format, compiled on first use and kept (device types share few formats). */
export function decoderFor(format: string): Decoder {
  let decoder = cache.get(format);
  if (!decoder) {
    decoder = compileFormat(format);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(format, decoder);
  }
  return decoder;
}

function reader(spec: FieldSpec): Reader {
  const { name, byte } = spec;
  switch (spec.kind) {
    case 'bool': {
      const mask = 1 << spec.bit;
      return (b, out) => {
        if (byte < b.length) out[name] = (b[byte]! & mask) !== 0;
      };
    }
    case 'char': {
      const end = byte + spec.length;
      return (b, out) => {
        if (end <= b.length) out[name] = b.toString('latin1', byte, end);
      };
    }
    case 'float': {
      const end = byte + spec.length;
      const read =
        spec.length === 4
          ? spec.littleEndian
            ? (b: Buffer) => b.readFloatLE(byte)
            : (b: Buffer) => b.readFloatBE(byte)
          : spec.littleEndian
            ? (b: Buffer) => b.readDoubleLE(byte)
            : (b: Buffer) => b.readDoubleBE(byte);
      return (b, out) => {
        if (end <= b.length) out[name] = read(b);
      };
    }
    case 'uint':
    case 'int':
      return integerReader(name, byte, spec.length, spec.littleEndian, spec.kind === 'int');
  }
}

function integerReader(name: string, byte: number, length: number, le: boolean, signed: boolean): Reader {
  const end = byte + length;
  let read: (b: Buffer) => FieldValue;
  if (length === 1) {
    read = signed ? (b) => b.readInt8(byte) : (b) => b[byte]!;
  } else if (length <= 6) {
    // Buffer reads up to 48 bits exactly as a JavaScript number.
    read = signed
      ? le
        ? (b) => b.readIntLE(byte, length)
        : (b) => b.readIntBE(byte, length)
      : le
        ? (b) => b.readUIntLE(byte, length)
        : (b) => b.readUIntBE(byte, length);
  } else {
    read = (b) => wideInteger(b, byte, length, le, signed);
  }
  return (b, out) => {
    if (end <= b.length) out[name] = read(b);
  };
}

/** 56- and 64-bit values: a number when exact, else its decimal string (JSON has no 64-bit integers). */
function wideInteger(b: Buffer, byte: number, length: number, le: boolean, signed: boolean): FieldValue {
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(b[le ? byte + length - 1 - i : byte + i]!);
  if (signed) v = BigInt.asIntN(length * 8, v);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
}

/** Raw hex as the network sends it: an even number of hex digits, at most 12 bytes for an uplink. */
export function hexBytes(hex: string): Buffer | null {
  return /^(?:[0-9a-fA-F]{2})*$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}
