import type { Device } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';

/** Sigfox sequence numbers are 12 bits: they wrap from 4095 to 0. */
const MODULO = 4096;

/**
 * The backend's sequence-number check: a message must come after the last one accepted (within half the
 * counter's range, which allows lost frames and the wrap); one that does not is a replayed or re-sent frame.
 * The reference is the device's latest message, so the check writes nothing; a disengage (device attribute
 * `sigfoxSeqDisengagedAt`) makes messages received before it no reference.
 */
export async function isReplay(
  storage: Storage,
  device: Device | null,
  seq: number | null,
): Promise<boolean> {
  if (!device || seq == null) return false;
  const page = await storage.listMessages({ deviceId: device.id, order: 'desc', limit: 20 });
  const last = page.items.find(
    (m) => !m.duplicate && m.radio.seqNumber != null && m.attributes.replay !== true,
  );
  if (!last) return false;
  const disengagedAt = device.attributes.sigfoxSeqDisengagedAt;
  if (typeof disengagedAt === 'number' && last.receivedTime <= disengagedAt) return false;
  const ahead = (((seq - last.radio.seqNumber!) % MODULO) + MODULO) % MODULO;
  return ahead === 0 || ahead > MODULO / 2;
}
