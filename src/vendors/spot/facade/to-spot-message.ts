import type { Device } from '../../../model/records.ts';
import type { TimelineEntry } from '../../../storage/entries.ts';
import { NO_FIX, SPOT_MESSAGE_TYPES, type SpotMessage } from '../spot-message.ts';
import { SPOT_VENDOR } from '../connector/to-records.ts';

const SPOT_TYPES = new Set<string>(SPOT_MESSAGE_TYPES);
/** The document gives every message a `modelId`: a SPOT messenger whose model SPOT never sent (push)... */
export const UNKNOWN_MODEL = 'UNKNOWN';
/** ...and a device that is no SPOT messenger (docs/vendors/spot.md). */
export const OTHER_MODEL = 'TRACKWAY';

/**
 * One feed entry as SPOT would list it. A SPOT messenger's message comes back as it was received; a position
 * from any other device (a phone, a tracker) becomes the nearest SPOT message: HELP for an SOS, STOP when the
 * device reports it stands still, TRACK otherwise.
 */
export function toSpotMessage(entry: TimelineEntry, device: Device): SpotMessage {
  const spotId = device.externalIds.find((e) => e.vendor === SPOT_VENDOR)?.externalId ?? null;
  const { message, position } = entry;
  const a = { ...(position?.attributes ?? {}), ...(message?.attributes ?? {}) };
  const unixTime = Math.floor(entry.time / 1000);
  const fromSpot = spotId != null && message?.sourceMessageId != null;
  return {
    id: fromSpot ? message.sourceMessageId! : String(message?.id ?? position?.id),
    messengerId: spotId ?? `TW-${device.id}`,
    messengerName: typeof a.messengerName === 'string' ? a.messengerName : device.name,
    unixTime,
    messageType: fromSpot && message.messageType ? message.messageType : nearestType(entry),
    latitude: position?.lat ?? NO_FIX,
    longitude: position?.lon ?? NO_FIX,
    modelId: typeof a.modelId === 'string' ? a.modelId : spotId != null ? UNKNOWN_MODEL : OTHER_MODEL,
    showCustomMsg: typeof a.showCustomMsg === 'string' ? a.showCustomMsg : 'Y',
    dateTime: typeof a.dateTime === 'string' ? a.dateTime : spotDateTime(unixTime),
    batteryState: typeof a.batteryState === 'string' ? a.batteryState : null,
    hidden: typeof a.hidden === 'number' ? a.hidden : 0,
    altitude: position?.altitude != null ? Math.round(position.altitude) : null,
    messageContent: message?.payloadEncoding === 'text' ? message.payload : null,
    clientUnixTime: typeof a.clientUnixTime === 'string' ? a.clientUnixTime : '0',
  };
}

function nearestType({ message, position }: TimelineEntry): string {
  const type = message?.messageType?.toUpperCase();
  if (type && SPOT_TYPES.has(type)) return type;
  const alarm = String(position?.attributes.alarm ?? message?.attributes.alarm ?? '').toLowerCase();
  if (alarm === 'sos' || type === 'SOS') return 'HELP';
  if (position?.motion === false) return 'STOP';
  return 'TRACK';
}

/**
 * `2013-04-02T13:28:12-0000`: the document's shape (`dateTime` with an offset) for a message whose local offset
 * is unknown (a push, another vendor's device), in UTC written with `-0000`, the offset the document itself uses.
 */
export function spotDateTime(unixTime: number): string {
  return new Date(unixTime * 1000).toISOString().replace(/\.\d{3}Z$/, '-0000');
}
