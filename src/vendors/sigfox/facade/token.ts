/** A device's token as the document shows it; tokens are not Trackway's, so they come from `attributes.token`. */
export interface DeviceToken {
  tokenType?: string;
  contractId?: string;
  tokenEnd?: number;
  freeMessages?: number;
}

/** Token fields the document lists, present only when the device has a token. */
export function deviceToken(t: unknown): DeviceToken {
  if (typeof t !== 'object' || t === null) return {};
  const o = t as Record<string, unknown>;
  const out: DeviceToken = {};
  if (o.type === 'CONTRACT' || o.type === 'FREE') out.tokenType = o.type;
  if (typeof o.contractId === 'string') out.contractId = o.contractId;
  if (out.tokenType === 'CONTRACT' && typeof o.end === 'number') out.tokenEnd = o.end;
  if (out.tokenType === 'FREE' && typeof o.freeMessages === 'number') out.freeMessages = o.freeMessages;
  return out;
}

/** "Time of the contract token taking … no value is returned if the device does not have a token" (004). */
export function activationTime(t: unknown): number | undefined {
  if (!deviceToken(t).tokenType) return undefined;
  const start = (t as Record<string, unknown>).start;
  return typeof start === 'number' ? start : undefined;
}
