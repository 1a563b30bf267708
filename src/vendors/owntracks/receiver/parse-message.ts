import type { IngestRecord } from '../../../model/ingest.ts';
import type { EventFields, PositionFields } from '../../../model/records.ts';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';

/** Vendor name of OwnTracks identities: `user/device`, as in the topic `owntracks/user/device`. */
export const OWNTRACKS_VENDOR = 'owntracks';

/** Types the apps send that carry no position: accepted and answered, not stored. */
const ACCEPTED_WITHOUT_DATA = new Set([
  'waypoint',
  'waypoints',
  'lwt',
  'card',
  'cmd',
  'status',
  'steps',
  'configuration',
]);

/** Keys of a location read into position fields (or used for identity); every other key becomes an attribute. */
const LOCATION_KEYS = new Set(['_type', 'lat', 'lon', 'tst', 'acc', 'alt', 'vel', 'cog', 'batt', 'topic']);

type Json = Record<string, unknown>;

/**
 * Turns one OwnTracks message (JSON payload, HTTP or MQTT) into records, following the OwnTracks JSON format:
 * `location` becomes a position, `transition` a position and a place-enter/place-exit event; the other types the
 * apps send are accepted with nothing to store. Throws a ReceiverError for what cannot be read.
 */
export function parseOwntracksMessage(value: unknown, externalId: string): IngestRecord[] {
  if (!isObject(value)) throw bad('an OwnTracks message is a JSON object with "_type"');
  const type = value._type;
  if (type === 'location') return [{ device: device(externalId), position: location(value) }];
  if (type === 'transition') return [transition(value, externalId)];
  if (type === 'encrypted') {
    throw bad('encrypted payloads cannot be read here: turn off payload encryption in the app');
  }
  if (typeof type === 'string' && ACCEPTED_WITHOUT_DATA.has(type)) return [];
  throw bad(`unknown _type ${JSON.stringify(type)}`);
}

/** The device identity a message names itself, from its `topic` (`owntracks/user/device`) or its tracker id. */
export function identityFromBody(value: unknown): string | null {
  if (!isObject(value)) return null;
  if (typeof value.topic === 'string') {
    const fromTopic = identityFromTopic(value.topic);
    if (fromTopic) return fromTopic;
  }
  return typeof value.tid === 'string' && value.tid ? value.tid : null;
}

/** `owntracks/user/device` and its sub-topics (`/event`, `/waypoints`, …) name the device `user/device`. */
export function identityFromTopic(topic: string): string | null {
  const parts = topic.split('/');
  if (parts.length < 3) return null;
  const base = parts.length > 3 ? parts.slice(0, 3) : parts;
  const [, user, dev] = base;
  return user && dev ? `${user}/${dev}` : null;
}

/**
 * Named by its identity (`user/device`): the tracker id `tid` is two initials shown on the app's map, shared by
 * many phones (every "John Jones" is `JJ`), so it stays an attribute.
 */
function device(externalId: string) {
  return { vendor: OWNTRACKS_VENDOR, externalId, name: externalId };
}

function location(value: Json): PositionFields {
  const lat = num(value, 'lat');
  const lon = num(value, 'lon');
  const tst = num(value, 'tst');
  if (lat === null || lon === null) throw bad('a location needs numeric "lat" and "lon"');
  if (tst === null) throw bad('a location needs "tst" (epoch seconds)');
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!LOCATION_KEYS.has(k)) attributes[k] = v;
  const batt = num(value, 'batt');
  if (batt !== null) attributes.batteryLevel = batt;
  // bs: 0 unknown, 1 unplugged, 2 charging, 3 full (OwnTracks JSON format).
  if (value.bs === 2 || value.bs === 3) attributes.charge = true;
  else if (value.bs === 1) attributes.charge = false;
  const vel = num(value, 'vel');
  const acc = num(value, 'acc');
  return {
    fixTime: tst * 1000,
    lat,
    lon,
    accuracy: acc !== null && acc >= 0 ? acc : null,
    altitude: num(value, 'alt'),
    speed: vel !== null && vel >= 0 ? vel : null, // km/h in the OwnTracks format
    course: num(value, 'cog'),
    attributes,
  };
}

function transition(value: Json, externalId: string): IngestRecord {
  const event = value.event;
  if (event !== 'enter' && event !== 'leave') throw bad('a transition needs "event": "enter" or "leave"');
  const position = location(value);
  const region = typeof value.desc === 'string' ? value.desc : null;
  const key = typeof value.rid === 'string' ? value.rid : region;
  const fields: EventFields = {
    type: event === 'enter' ? 'place-enter' : 'place-exit',
    time: position.fixTime,
    key,
    attributes: { origin: 'owntracks', region, trigger: value.t ?? null, wtst: value.wtst ?? null },
  };
  return { device: device(externalId), position, events: [fields] };
}

function num(value: Json, key: string): number | null {
  const v = value[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw bad(`"${key}" must be a number, not ${JSON.stringify(v)}`);
  return v;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(reason: string) {
  return new ReceiverError(400, 'INVALID_REQUEST', reason);
}
