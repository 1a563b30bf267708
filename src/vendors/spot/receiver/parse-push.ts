import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SpotMessage } from '../spot-message.ts';

/** A body that is not a SPOT push `messageList`, or a message in it that nothing could identify. */
export class SpotPushError extends Error {
  override readonly name = 'SpotPushError';
}

type Obj = Record<string, unknown>;

/** Deepest nesting read: spotXml-v2 needs three levels (`messageList`, `message`, a field). */
const MAX_DEPTH = 16;

const xml = new XMLParser({
  ignoreAttributes: true,
  // The spotXml-v2 elements come in a default namespace, or prefixed (`ns2:messageList`) by other serializers.
  removeNSPrefix: true,
  // Values stay text: ids and ESNs must not become numbers.
  parseTagValue: false,
  isArray: (name) => name === 'message',
  // Hostile bodies: depth is bounded well above the messageList/message/field nesting of spotXml-v2, so a
  // deeply nested body is a 400, not a stack overflow. Only XML's own entities (&amp;…) are read: a body that
  // declares any (a DOCTYPE) is refused before parsing.
  maxNestedTags: MAX_DEPTH,
});

/**
 * Reads SPOT's push format (spotXml-v2 `messageList`: `esn`, `esnName`, `timeInGMTSecond`…) into the feed's
 * message shape, so that a pushed message is mapped exactly as the same message read from a feed. The push
 * `id` is SPOT's message id, the one the feed lists: the sample's push id (891801957, December 2017) lies on
 * the feed samples' sequence (823675096 in September 2017, 1300461236 in October 2019).
 */
export function parsePush(body: string): SpotMessage[] {
  const text = body.trim();
  // A DOCTYPE declares entities (external ones read files, nested ones expand to gigabytes): SPOT sends none.
  if (/<!DOCTYPE/i.test(text)) throw new SpotPushError('a DOCTYPE is not accepted in a SPOT push body');
  // The parser itself is lenient (an unclosed element is not an error): validate first, for a clear 400.
  const valid = text ? XMLValidator.validate(text) : { err: { msg: 'the body is empty', line: 1, col: 1 } };
  if (valid !== true) {
    throw new SpotPushError(
      `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  let root: unknown;
  try {
    root = xml.parse(text);
  } catch (err) {
    throw new SpotPushError(`not a SPOT push body: ${(err as Error).message}`);
  }
  const list = obj(obj(root)?.messageList);
  if (!list) throw new SpotPushError('not a SPOT push body: the root element must be <messageList>');
  const raw = list.message == null ? [] : (list.message as unknown[]);
  return raw.map((m, i) => toMessage(obj(m) ?? {}, i + 1));
}

function toMessage(m: Obj, position: number): SpotMessage {
  const esn = str(m.esn);
  const unixTime = num(m.timeInGMTSecond) ?? isoSeconds(str(m.timestamp));
  if (!esn) throw new SpotPushError(`message ${position} has no <esn>: it cannot be given to a device`);
  if (unixTime == null) {
    throw new SpotPushError(`message ${position} has neither <timeInGMTSecond> nor a readable <timestamp>`);
  }
  return {
    // Without an id (none in the sample lacks one) the message is identified by its content instead.
    id: str(m.id),
    messengerId: esn,
    messengerName: str(m.esnName),
    unixTime,
    messageType: str(m.messageType) || 'UNKNOWN',
    latitude: num(m.latitude) ?? NaN,
    longitude: num(m.longitude) ?? NaN,
    modelId: optStr(m.modelId),
    showCustomMsg: null,
    // The feed's `dateTime` carries the messenger's offset; the push `timestamp` is UTC, so the feed API
    // served by Trackway writes its own UTC `dateTime` rather than a differently shaped one.
    dateTime: null,
    batteryState: optStr(m.batteryState),
    hidden: num(m.hidden) ?? 0,
    altitude: num(m.altitude),
    messageContent: optStr(m.messageContent) ?? optStr(m.messageDetail),
    clientUnixTime: '0',
  };
}

function isoSeconds(s: string): number | null {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}
function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}
function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}
function optStr(v: unknown): string | null {
  return str(v) || null;
}
function num(v: unknown): number | null {
  const s = str(v);
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
