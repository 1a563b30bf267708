import { sigfoxDeviceId } from '../device-id.ts';
import { CallbackBodyError } from './parse-body.ts';

export interface GeoLocation {
  lat: number;
  lng: number;
  /** Metres around the point. */
  radius: number | null;
  source: number | null;
  status: number | null;
}

/**
 * A SERVICE ACKNOWLEDGE callback of the network: the device acknowledged (or not) the downlink it was sent. Its
 * fields are the network's ACKNOWLEDGE variables.
 */
export interface DownlinkAcknowledge {
  downlinkAck: boolean;
  infoCode: number | null;
  infoMessage: string | null;
  downlinkOverusage: boolean;
}

/** One callback of the Sigfox network, its aliases and string-or-number values settled. */
export interface SigfoxUplink {
  /** The Sigfox id, upper-case hex as the backend shows it (other names as sent). */
  device: string;
  /** Epoch milliseconds; null when the callback has none (some geolocation callbacks). */
  time: number | null;
  data: string | null;
  seqNumber: number | null;
  snr: number | null;
  rssi: number | null;
  avgSnr: number | null;
  station: string | null;
  linkQuality: string | null;
  duplicate: boolean;
  ack: boolean;
  longPolling: boolean;
  /** The coarse lat/lng a data callback carries (the network's rounded estimate), kept as sent. */
  networkLocation: { lat: number; lng: number } | null;
  /** A geolocation callback's computedLocation (or location). */
  location: GeoLocation | null;
  /** Set for an ACKNOWLEDGE callback (one that carries `downlinkAck`). */
  acknowledge: DownlinkAcknowledge | null;
  /** Fields the integration added beyond the document's; kept with the message. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set(
  [
    'device',
    'deviceId',
    'time',
    'timestamp',
    'data',
    'payload',
    'seqNumber',
    'seqNum',
    'seqNo',
    'snr',
    'rssi',
  ]
    .concat(['avgSnr', 'station', 'linkQuality', 'lat', 'lng', 'duplicate', 'ack', 'longPolling'])
    .concat(['computedLocation', 'location'])
    .concat(['downlinkAck', 'infoCode', 'infoMessage', 'downlinkOverusage']),
);

/** Settles a callback's fields; throws CallbackBodyError naming the field that cannot be read. */
export function toUplink(f: Record<string, unknown>): SigfoxUplink {
  const device = text(f.device) ?? text(f.deviceId);
  if (!device) throw new CallbackBodyError('device (or deviceId) is required');
  // Network ids are hex; integrations in front of the network send their own names (e.g. "testdev001").
  if (!/^[\w.-]{1,64}$/.test(device)) throw new CallbackBodyError(`device "${device}" is not a device id`);
  const seconds = num(f, 'time') ?? num(f, 'timestamp');
  // Callbacks send seconds (the document's {time}); a value in milliseconds is recognised by its size.
  const time = seconds == null ? null : seconds > 1e11 ? Math.round(seconds) : Math.round(seconds * 1000);
  const data = text(f.data) ?? text(f.payload);
  const lat = num(f, 'lat');
  const lng = num(f, 'lng');
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (!KNOWN.has(k) && v !== 'null' && v != null) extra[k] = v;
  return {
    device: sigfoxDeviceId(device),
    time,
    data: data && data.toLowerCase(),
    seqNumber: num(f, 'seqNumber') ?? num(f, 'seqNum') ?? num(f, 'seqNo'),
    snr: num(f, 'snr'),
    rssi: num(f, 'rssi'),
    avgSnr: num(f, 'avgSnr'),
    station: text(f.station),
    linkQuality: text(f.linkQuality),
    duplicate: bool(f, 'duplicate'),
    ack: bool(f, 'ack'),
    longPolling: bool(f, 'longPolling'),
    networkLocation: lat != null && lng != null ? { lat, lng } : null,
    location: geolocation(f.computedLocation ?? f.location),
    acknowledge:
      f.downlinkAck == null
        ? null
        : {
            downlinkAck: bool(f, 'downlinkAck'),
            infoCode: num(f, 'infoCode'),
            infoMessage: text(f.infoMessage),
            downlinkOverusage: bool(f, 'downlinkOverusage'),
          },
    extra,
  };
}

function text(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' || t === 'null' ? null : t;
}

function num(f: Record<string, unknown>, key: string): number | null {
  const v = f[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = text(v);
  if (t == null) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) throw new CallbackBodyError(`${key} "${t}" is not a number`);
  return n;
}

function bool(f: Record<string, unknown>, key: string): boolean {
  const v = f[key];
  if (typeof v === 'boolean') return v;
  const t = text(v);
  if (t == null) return false;
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new CallbackBodyError(`${key} "${t}" is not true or false`);
}

function geolocation(v: unknown): GeoLocation | null {
  if (v == null || v === 'null') return null;
  let o = v;
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v);
    } catch {
      throw new CallbackBodyError('computedLocation is not a JSON object');
    }
  }
  if (typeof o !== 'object' || o === null) throw new CallbackBodyError('computedLocation is not an object');
  const loc = o as Record<string, unknown>;
  const lat = num(loc, 'lat');
  const lng = num(loc, 'lng');
  if (lat == null || lng == null) throw new CallbackBodyError('computedLocation needs lat and lng');
  return { lat, lng, radius: num(loc, 'radius'), source: num(loc, 'source'), status: num(loc, 'status') };
}
