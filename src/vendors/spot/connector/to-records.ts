import type { IngestRecord } from '../../../model/ingest.ts';
import type { EventFields } from '../../../model/records.ts';
import { hasFix, type SpotMessage } from '../spot-message.ts';

/** The vendor name of SPOT devices' external identities and of SPOT sources. */
export const SPOT_VENDOR = 'spot';

/**
 * One SPOT message as one record: the message always (also without a fix, as HELP-CANCEL often is), a position
 * when there is a fix, and the events the message type means. Low battery is derived from the positions'
 * `batteryState` (derive/alarm-machine.ts), since only the stored history knows whether it just turned LOW.
 */
export function toRecord(m: SpotMessage): IngestRecord {
  const time = m.unixTime * 1000;
  const record: IngestRecord = {
    device: { vendor: SPOT_VENDOR, externalId: m.messengerId, name: m.messengerName || undefined },
    message: {
      deviceTime: time,
      // SPOT's message id, the same by feed and by push; a push message without one is identified by content.
      sourceMessageId: m.id || null,
      messageType: m.messageType,
      payload: m.messageContent,
      payloadEncoding: m.messageContent == null ? null : 'text',
      attributes: spotAttributes(m),
    },
  };
  if (hasFix(m)) {
    record.position = {
      fixTime: time,
      lat: m.latitude,
      lon: m.longitude,
      altitude: m.altitude,
      // The derived alarms read it: a low-battery event when the state turns LOW, not on each LOW message.
      attributes: {
        spotMessageType: m.messageType,
        ...(m.batteryState ? { batteryState: m.batteryState } : {}),
      },
    };
  }
  const events = eventsOf(m, time);
  if (events.length) record.events = events;
  return record;
}

/** What the feed carries besides time, place and type, kept so that Trackway's own feed can give it back. */
function spotAttributes(m: SpotMessage): Record<string, unknown> {
  const a: Record<string, unknown> = { messengerName: m.messengerName, hidden: m.hidden };
  if (m.modelId != null) a.modelId = m.modelId;
  if (m.batteryState != null) a.batteryState = m.batteryState;
  if (m.showCustomMsg != null) a.showCustomMsg = m.showCustomMsg;
  if (m.dateTime != null) a.dateTime = m.dateTime;
  if (m.altitude != null) a.altitude = m.altitude;
  if (m.clientUnixTime !== '0') a.clientUnixTime = m.clientUnixTime;
  return a;
}

function eventsOf(m: SpotMessage, time: number): EventFields[] {
  const events: EventFields[] = [];
  const content = m.messageContent == null ? {} : { messageContent: m.messageContent };
  if (m.messageType === 'HELP') events.push({ type: 'sos', time, attributes: { ...content } });
  if (m.messageType === 'HELP-CANCEL')
    events.push({ type: 'sos-cancelled', time, attributes: { ...content } });
  return events;
}
