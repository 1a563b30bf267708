import type { DeviceType } from '../model/records.ts';
import { decoderFor, hexBytes, type DecodedFields } from './grammar/compile.ts';
import { GrammarError } from './grammar/parse.ts';

export type PayloadResult = { decoded: DecodedFields | null } | { error: string };

/**
 * Decodes an uplink's hex data as its device type says (payloadType of the document). A failure is returned,
 * never thrown: the caller keeps the raw data and raises a decode-error event.
 */
export function decodePayload(
  type: Pick<DeviceType, 'payloadType' | 'payloadConfig'> | null,
  hex: string,
): PayloadResult {
  if (!type || !hex) return { decoded: null };
  if (type.payloadType !== 'string' && type.payloadType !== 'custom') return { decoded: null };
  const bytes = hexBytes(hex);
  if (!bytes) return { error: `data "${hex}" is not hexadecimal` };
  if (type.payloadType === 'string') return { decoded: { text: bytes.toString('latin1') } };
  try {
    return { decoded: decoderFor(type.payloadConfig ?? '').decode(bytes) };
  } catch (err) {
    if (err instanceof GrammarError) return { error: `payloadConfig ${err.message}` };
    throw err;
  }
}
