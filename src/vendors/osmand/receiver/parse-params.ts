import type { IngestRecord } from '../../../model/ingest.ts';
import type { EventFields, PositionFields } from '../../../model/records.ts';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';

/** Vendor name of the identities OsmAnd-protocol apps send (`id` / `deviceid`). */
export const OSMAND_VENDOR = 'osmand';

/** One knot in km/h: the apps send speed in knots (Traccar's OsmAnd decoder reads it so). */
const KNOT_KMH = 1.852;

export interface OsmandRequest {
  externalId: string;
  record: IngestRecord;
}

/**
 * Reads the key/value form of the OsmAnd protocol (query string or form body), field by field as Traccar's
 * OsmAndProtocolDecoder does; every key it does not know is kept as an attribute. Throws a ReceiverError naming
 * the field when a value cannot be read, or when the id or the coordinates are missing.
 */
export function parseOsmandParams(params: URLSearchParams, now: number): OsmandRequest {
  let externalId: string | null = null;
  let fixTime: number | null = null;
  let lat: number | null = null;
  let lon: number | null = null;
  const position: Partial<PositionFields> = {};
  const attributes: Record<string, unknown> = {};
  const cellTowers: Record<string, number>[] = [];
  const wifiAccessPoints: { macAddress: string; signalStrength: number }[] = [];
  const events: EventFields[] = [];

  for (const [key, value] of params) {
    switch (key) {
      case 'id':
      case 'deviceid':
        externalId = value.trim() || null;
        break;
      case 'token':
        break; // the device secret, read by the authentication step, never stored
      case 'valid':
        position.valid = value === '1' || value.toLowerCase() === 'true';
        break;
      case 'timestamp':
        fixTime = parseTimestamp(value);
        break;
      case 'lat':
        lat = number(key, value);
        break;
      case 'lon':
        lon = number(key, value);
        break;
      case 'location': {
        const [a, b, ...rest] = value.split(',');
        if (b === undefined || rest.length) throw bad(`location must be "lat,lon", not "${value}"`);
        lat = number('location', a!);
        lon = number('location', b);
        break;
      }
      case 'cell':
        cellTowers.push(parseCell(value));
        break;
      case 'wifi':
        wifiAccessPoints.push(parseWifi(value));
        break;
      case 'speed':
        position.speed = number(key, value) * KNOT_KMH;
        break;
      case 'bearing':
      case 'heading':
        position.course = number(key, value);
        break;
      case 'altitude':
        position.altitude = number(key, value);
        break;
      case 'accuracy':
        position.accuracy = number(key, value);
        break;
      case 'hdop':
        position.hdop = number(key, value);
        break;
      case 'batt':
        attributes.batteryLevel = number(key, value);
        break;
      case 'charge':
        attributes.charge = flag(value);
        break;
      case 'driverUniqueId':
        attributes.driverUniqueId = value;
        break;
      case 'ignition':
        position.ignition = flag(value);
        break;
      case 'motion':
        position.motion = flag(value);
        break;
      case 'alarm':
        attributes.alarm = value;
        break;
      default:
        attributes[key] = loose(value);
    }
  }
  if (!externalId) throw bad('the device id is missing: send "id" (or "deviceid")');
  const time = fixTime ?? now;
  if (attributes.alarm === 'sos') events.push({ type: 'sos', time });
  const network =
    cellTowers.length || wifiAccessPoints.length
      ? {
          ...(cellTowers.length ? { cellTowers } : {}),
          ...(wifiAccessPoints.length ? { wifiAccessPoints } : {}),
        }
      : null;
  if (lat === null || lon === null) {
    if (!network) throw bad('the coordinates are missing: send "lat" and "lon" (or "location=lat,lon")');
    // Cell and Wi-Fi only: no fix to store, but the uplink is kept as a message for a later geolocation.
    return {
      externalId,
      record: {
        device: { vendor: OSMAND_VENDOR, externalId },
        message: {
          deviceTime: time,
          messageType: 'network',
          payload: params.toString(),
          payloadEncoding: 'text',
          decoded: { network, ...attributes },
        },
        ...(events.length ? { events } : {}),
      },
    };
  }
  if (network) attributes.network = network;
  return {
    externalId,
    record: {
      device: { vendor: OSMAND_VENDOR, externalId },
      position: { ...position, fixTime: time, lat, lon, attributes },
      ...(events.length ? { events } : {}),
    },
  };
}

/**
 * Epoch seconds or milliseconds (a number below 2^31 is seconds, as in Traccar), ISO 8601, or
 * `yyyy-MM-dd HH:mm:ss`, which the apps send in UTC.
 */
export function parseTimestamp(value: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n < 2 ** 31 ? Math.round(n * 1000) : Math.round(n);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const local = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, frac ? Math.round(Number(frac) * 1000) : 0);
    const check = new Date(local);
    if (check.getUTCMonth() === +mo! - 1 && check.getUTCDate() === +d! && +h! < 24 && +mi! < 60 && +s! < 61) {
      return local - zoneOffsetMs(zone);
    }
  }
  throw bad(
    `timestamp "${value}" is not epoch seconds, epoch milliseconds, ISO 8601 or "yyyy-MM-dd HH:mm:ss"`,
  );
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** `mcc,mnc,lac,cid[,rssi]` */
function parseCell(value: string): Record<string, number> {
  const parts = value.split(',').map((p) => Number(p));
  if ((parts.length !== 4 && parts.length !== 5) || parts.some((p) => !Number.isFinite(p))) {
    throw bad(`cell must be "mcc,mnc,lac,cid[,rssi]", not "${value}"`);
  }
  const [mobileCountryCode, mobileNetworkCode, locationAreaCode, cellId, signalStrength] = parts;
  return {
    mobileCountryCode: mobileCountryCode!,
    mobileNetworkCode: mobileNetworkCode!,
    locationAreaCode: locationAreaCode!,
    cellId: cellId!,
    ...(signalStrength === undefined ? {} : { signalStrength }),
  };
}

/** `mac,rssi`, the MAC written with dashes or colons. */
function parseWifi(value: string) {
  const [mac, rssi, ...rest] = value.split(',');
  const signalStrength = Number(rssi);
  if (!mac || rest.length || !Number.isFinite(signalStrength)) {
    throw bad(`wifi must be "mac,rssi", not "${value}"`);
  }
  return { macAddress: mac.replace(/-/g, ':').toLowerCase(), signalStrength };
}

function number(key: string, value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) throw bad(`${key} must be a number, not "${value}"`);
  return n;
}

function flag(value: string): boolean {
  return value === '1' || value.toLowerCase() === 'true';
}

/** Unknown keys keep numbers as numbers and true/false as booleans, like Traccar's attribute map. */
function loose(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
}

function bad(reason: string) {
  return new ReceiverError(400, 'INVALID_REQUEST', reason);
}
