import type { IngestRecord } from '../../../model/ingest.ts';
import type { EventFields, MessageFields, PositionFields } from '../../../model/records.ts';
import type { PayloadResult } from '../../../decode/payload.ts';
import type { SigfoxUplink } from './uplink.ts';

export const VENDOR = 'sigfox';
/** The message type of a stored ACKNOWLEDGE callback. */
export const ACKNOWLEDGE = 'ACKNOWLEDGE';

/**
 * The network's identity of a message: the sequence number at its time (the 12-bit counter wraps, the pair does
 * not), and its data, so that a different payload under a reused number is never dropped as a repeat. A
 * reception flagged duplicate by another station gets its own identity, so it is recorded as a duplicate beside
 * the message instead of being dropped.
 */
export function messageIdentity(u: SigfoxUplink): string | null {
  if (u.seqNumber == null || u.time == null) return null;
  const id = `${u.seqNumber}@${u.time / 1000}${u.data ? `:${u.data}` : ''}`;
  return u.duplicate ? `${id}/dup/${u.station ?? ''}` : id;
}

export interface RecordInputs {
  uplink: SigfoxUplink;
  receivedTime: number;
  payload: PayloadResult;
  /**
   * For a geolocation callback, the identity of its stored data message: the position is linked to it. When the
   * data comes later, its message adopts the position instead (see `PositionAdoption`).
   */
  mergeWith: string | null;
}

/** The record to store; null for a geolocation callback where the network found no location. */
export function toRecord(i: RecordInputs): IngestRecord | null {
  const u = i.uplink;
  const time = u.time ?? i.receivedTime;
  const sourceMessageId = messageIdentity(u);
  const record: IngestRecord = { device: { vendor: VENDOR, externalId: u.device } };
  const position = toPosition(u, time);
  if (position) record.position = position;
  if (u.acknowledge && u.data == null && !u.location) {
    record.message = acknowledgeMessage(u, time);
  } else if (u.data != null) {
    record.message = dataMessage(i, time, sourceMessageId);
    if ('error' in i.payload) record.events = [decodeError(u, time, sourceMessageId, i.payload.error)];
    // The network's geolocation of this frame may have come first and been stored alone: adopt it.
    if (!u.duplicate && u.seqNumber != null && u.time != null) {
      record.adoptPosition = { fixTime: time, seqNumber: u.seqNumber };
    }
  } else if (i.mergeWith) {
    // The stored data message's identity: storage counts it a repeat and links the position to it.
    record.message = { deviceTime: time, sourceMessageId: i.mergeWith };
  } else if (!u.location) {
    // A callback without data or location (e.g. a bare BIDIR probe) is still a message the device sent.
    record.message = dataMessage(i, time, sourceMessageId);
  }
  return record.message || record.position ? record : null;
}

/**
 * An ACKNOWLEDGE callback kept as a message of its own type, so that it is stored once (the network may repeat
 * it) and, after its commit, fires the device type's ACKNOWLEDGE callbacks. It carries no data: lists, averages
 * and DATA callbacks leave it out.
 */
function acknowledgeMessage(u: SigfoxUplink, time: number): MessageFields {
  return {
    deviceTime: time,
    sourceMessageId: `ack@${time / 1000}`,
    messageType: ACKNOWLEDGE,
    payload: null,
    payloadEncoding: null,
    radio: {},
    decoded: null,
    duplicate: false,
    attributes: { ...u.extra, ...u.acknowledge },
  };
}

function dataMessage(i: RecordInputs, time: number, sourceMessageId: string | null): MessageFields {
  const u = i.uplink;
  const attributes: Record<string, unknown> = { ...u.extra };
  if (u.avgSnr != null) attributes.avgSnr = u.avgSnr;
  if (u.networkLocation) attributes.networkLocation = u.networkLocation;
  if (u.ack) attributes.ack = true;
  if (u.longPolling) attributes.longPolling = true;
  return {
    deviceTime: time,
    sourceMessageId,
    messageType: u.ack ? 'BIDIR' : 'UPLINK',
    payload: u.data,
    payloadEncoding: u.data == null ? null : /^(?:[0-9a-f]{2})*$/.test(u.data) ? 'hex' : 'text',
    radio: {
      seqNumber: u.seqNumber,
      snr: u.snr,
      rssi: u.rssi,
      station: u.station,
      linkQuality: u.linkQuality,
    },
    decoded: 'decoded' in i.payload ? i.payload.decoded : null,
    duplicate: u.duplicate,
    attributes,
  };
}

/** A position only from a geolocation the network computed; status other than 1 means it found none. */
function toPosition(u: SigfoxUplink, time: number): PositionFields | null {
  const loc = u.location;
  if (!loc || (loc.status != null && loc.status !== 1)) return null;
  const attributes: Record<string, unknown> = {};
  if (loc.source != null) attributes.locationSource = loc.source;
  if (u.seqNumber != null) attributes.seqNumber = u.seqNumber;
  return { fixTime: time, lat: loc.lat, lon: loc.lng, accuracy: loc.radius, valid: true, attributes };
}

function decodeError(u: SigfoxUplink, time: number, id: string | null, reason: string): EventFields {
  return { type: 'decode-error', time, key: id, attributes: { reason, payload: u.data } };
}
