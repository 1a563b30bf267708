import type { IngestRecord } from '../../../model/ingest.ts';
import { VENDOR } from '../receiver/to-record.ts';
import { sigfoxDeviceId } from '../device-id.ts';

export interface V1Message {
  device: string;
  time: number;
  data?: string;
  snr?: string | number;
  linkQuality?: string;
  seqNumber?: number;
  rinfos?: {
    tap?: string;
    lat?: string | number;
    lng?: string | number;
    snr?: string | number;
    rssi?: string | number;
  }[];
}

export interface V1Location {
  time: number;
  valid: boolean;
  lat?: number;
  lng?: number;
  radius?: number;
}

const num = (v: unknown) => (v == null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
/** v1 times are seconds (what its clients read); a millisecond value is recognised by its size. */
export const toMs = (t: number) => (t > 1e11 ? t : t * 1000);

/** A v1 message as a record: raw data, radio metadata, the network's coarse location kept as an attribute. */
export function messageRecord(m: V1Message): IngestRecord {
  const r = m.rinfos?.[0];
  const lat = num(r?.lat);
  const lng = num(r?.lng);
  const time = toMs(m.time);
  return {
    device: { vendor: VENDOR, externalId: sigfoxDeviceId(m.device) },
    message: {
      deviceTime: time,
      // The receiver's identity, so that pulling and receiving the same message do not collide on one source.
      sourceMessageId: m.seqNumber == null ? null : `${m.seqNumber}@${time / 1000}:${m.data ?? ''}`,
      messageType: 'UPLINK',
      payload: m.data ?? null,
      payloadEncoding: m.data == null ? null : 'hex',
      radio: {
        seqNumber: m.seqNumber ?? null,
        snr: num(m.snr) ?? num(r?.snr),
        rssi: num(r?.rssi),
        station: r?.tap ?? null,
        linkQuality: m.linkQuality ?? null,
      },
      attributes: lat != null && lng != null ? { networkLocation: { lat, lng } } : {},
    },
  };
}

/** A valid v1 location as a position; radius 0 is a GPS fix. Invalid estimates are not positions. */
export function locationRecord(device: string, l: V1Location): IngestRecord | null {
  if (!l.valid || l.lat == null || l.lng == null) return null;
  return {
    device: { vendor: VENDOR, externalId: sigfoxDeviceId(device) },
    position: { fixTime: toMs(l.time), lat: l.lat, lon: l.lng, accuracy: l.radius ?? null, valid: true },
  };
}
