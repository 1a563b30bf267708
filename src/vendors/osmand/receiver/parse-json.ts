import type { IngestRecord } from '../../../model/ingest.ts';
import type { PositionFields } from '../../../model/records.ts';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';
import { OSMAND_VENDOR, parseTimestamp } from './parse-params.ts';

const MPS_KMH = 3.6;

type Json = Record<string, unknown>;

/**
 * Reads the JSON body of the newer Traccar Client (its background-geolocation library's format): `device_id`,
 * and `location` as one object or an array of them, with `coords`, `battery`, `activity`, `is_moving`,
 * `odometer`, `event` and `extras`. The library writes -1 for an unknown speed, heading, accuracy or battery
 * level; those are left out rather than stored as values.
 */
export function parseOsmandJson(body: unknown): { externalId: string; records: IngestRecord[] } {
  if (!isObject(body)) throw bad('the JSON body must be an object with "device_id" and "location"');
  const id = body.device_id ?? body.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw bad('the device id is missing: send "device_id"');
  }
  const externalId = String(id).trim();
  const locations = Array.isArray(body.location) ? body.location : [body.location];
  if (!locations.length) throw bad('"location" is an empty array');
  const records = locations.map((location, n) => {
    const where = Array.isArray(body.location) ? `location[${n}]` : 'location';
    return { device: { vendor: OSMAND_VENDOR, externalId }, position: parseLocation(location, where) };
  });
  return { externalId, records };
}

function parseLocation(location: unknown, where: string): PositionFields {
  if (!isObject(location)) throw bad(`${where} must be an object`);
  const coords = location.coords;
  if (!isObject(coords)) throw bad(`${where}.coords is missing`);
  const lat = coords.latitude;
  const lon = coords.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number') {
    throw bad(`the coordinates are missing: ${where}.coords needs numeric latitude and longitude`);
  }
  if (typeof location.timestamp !== 'string' && typeof location.timestamp !== 'number') {
    throw bad(`${where}.timestamp is missing`);
  }
  const fixTime = parseTimestamp(String(location.timestamp));
  const known = (v: unknown) => (typeof v === 'number' && v >= 0 ? v : null);
  const attributes: Record<string, unknown> = {};
  const battery = isObject(location.battery) ? location.battery : {};
  const level = known(battery.level);
  if (level !== null) attributes.batteryLevel = Math.round(level * 1000) / 10;
  if (typeof battery.is_charging === 'boolean') attributes.charge = battery.is_charging;
  if (isObject(location.activity) && typeof location.activity.type === 'string') {
    attributes.activity = location.activity.type;
  }
  if (typeof location.event === 'string') attributes.event = location.event;
  if (location.mock === true) attributes.mock = true;
  if (isObject(location.extras)) Object.assign(attributes, location.extras);
  const speed = known(coords.speed);
  const position: PositionFields = {
    fixTime,
    lat,
    lon,
    accuracy: known(coords.accuracy),
    altitude: typeof coords.altitude === 'number' ? coords.altitude : null,
    speed: speed === null ? null : speed * MPS_KMH,
    course: known(coords.heading),
    attributes,
  };
  if (typeof location.is_moving === 'boolean') position.motion = location.is_moving;
  if (typeof location.odometer === 'number' && location.odometer >= 0) position.odometer = location.odometer;
  return position;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(reason: string) {
  return new ReceiverError(400, 'INVALID_REQUEST', reason);
}
