/** Sigfox sequence numbers are 12 bits: they wrap from 4095 to 0. */
const MODULO = 4096;

export interface SequenceCheck {
  /** The number is not ahead of the last accepted one: a replayed or re-sent frame. */
  replay: boolean;
  /** Device attributes to save once the message is stored; null when nothing changes. */
  attributes: Record<string, unknown> | null;
}

/**
 * The backend's sequence-number check: a message must come after the last one (within half the counter's range,
 * which allows lost frames and the wrap). After a disengage the next message is accepted whatever its number
 * and sets the new reference.
 */
export function checkSequence(attrs: Record<string, unknown>, seq: number | null): SequenceCheck {
  if (seq == null) return { replay: false, attributes: null };
  const last = typeof attrs.sigfoxSeq === 'number' ? attrs.sigfoxSeq : null;
  const next = { ...attrs, sigfoxSeq: seq, sigfoxSeqDisengaged: false };
  if (last == null || attrs.sigfoxSeqDisengaged === true) return { replay: false, attributes: next };
  const ahead = (((seq - last) % MODULO) + MODULO) % MODULO;
  const replay = ahead === 0 || ahead > MODULO / 2;
  return { replay, attributes: replay ? null : next };
}
