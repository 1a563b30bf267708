import type { EventFields, MessageFields, PositionFields, UnknownDevicePolicy } from './records.ts';

/** How a record names its device: by Trackway id, or by the vendor's identity of it. */
export type DeviceRef = { deviceId: number } | { vendor: string; externalId: string; name?: string };

/**
 * For a message that may arrive after its own position: when the message is new, the device's position at
 * `fixTime` that has no message yet and whose `attributes.seqNumber` is `seqNumber` becomes its position, in the
 * same transaction (a Sigfox network geolocation can reach the hub before the data callback of its frame).
 */
export interface PositionAdoption {
  fixTime: number;
  seqNumber: number;
}

/** One record as it enters the pipeline, from any source. */
export interface IngestRecord {
  device: DeviceRef;
  position?: PositionFields;
  message?: MessageFields;
  events?: EventFields[];
  adoptPosition?: PositionAdoption;
}

/** A record whose device is known; what storage commits. */
export interface ResolvedRecord {
  deviceId: number;
  position?: PositionFields;
  message?: MessageFields;
  events?: EventFields[];
  adoptPosition?: PositionAdoption;
}

/** Who is sending: the group unknown devices are created in, and whether that is allowed. */
export interface IngestContext {
  origin?: 'sender';
  groupId: number;
  /** Group paths the caller may write to; a record naming a device outside them is rejected. */
  scopePath: string;
  sourceId: number | null;
  unknownDevices: UnknownDevicePolicy;
  receivedTime: number;
}

/**
 * Events that derivation writes: for devices it already knows, with no sender, group or source. Such a batch may
 * name any device and never creates one.
 */
export interface DerivationOrigin {
  origin: 'derivation';
  receivedTime: number;
}

/** Where a batch comes from: a sender (receiver, connector, API, import) or derivation. */
export type BatchOrigin = IngestContext | DerivationOrigin;

export type RecordOutcome =
  | {
      index: number;
      status: 'accepted';
      deviceId: number;
      positionId: number | null;
      messageId: number | null;
    }
  /** Nothing new, but the position completed the stored copy of it (position-merge.ts). */
  | { index: number; status: 'merged'; deviceId: number; positionId: number }
  | { index: number; status: 'duplicate'; deviceId: number }
  | { index: number; status: 'rejected'; code: string; reason: string };

export interface IngestSummary {
  accepted: number;
  merged: number;
  duplicate: number;
  rejected: number;
  results: RecordOutcome[];
}
