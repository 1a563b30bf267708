import type { DeviceType } from '../model/records.ts';
import { compileFormat } from './grammar/compile.ts';
import { GrammarError } from './grammar/parse.ts';

/**
 * Checks a device type's payload decoding before it is saved, whichever API saves it: a Custom type needs a
 * grammar that compiles. Returns the problems, each starting with the field name and, for a grammar, naming the
 * offending field definition (empty when valid). A type saved unchecked would raise a decode-error per message.
 */
export function payloadConfigProblems(t: {
  payloadType?: DeviceType['payloadType'];
  payloadConfig?: string | null;
}): string[] {
  if (t.payloadType !== 'custom') return [];
  if (!t.payloadConfig) return ['payloadConfig: a custom payload type needs a payloadConfig'];
  try {
    compileFormat(t.payloadConfig);
    return [];
  } catch (err) {
    if (err instanceof GrammarError) return [`payloadConfig: ${err.message}`];
    throw err;
  }
}
