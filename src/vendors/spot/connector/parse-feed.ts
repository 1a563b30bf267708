import { XMLParser } from 'fast-xml-parser';
import type { SpotFeedError, SpotFeedInfo, SpotFeedPage, SpotMessage } from '../spot-message.ts';

/** A body that is not a SPOT feed response at all (an HTML block page, a truncated answer). */
export class SpotFormatError extends Error {
  override readonly name = 'SpotFormatError';
}

export interface ParsedFeed {
  result: SpotFeedPage | SpotFeedError;
  /** Messages left out because they lack an id, a messenger or a time: nothing could identify them. */
  skipped: number;
}

type Obj = Record<string, unknown>;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay text and are converted field by field below, as for JSON; ids must not become floats.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'message',
});

/** Reads a feed response in either of SPOT's formats (the document's XML, or the JSON real SPOT sends). */
export function parseFeed(body: string): ParsedFeed {
  const text = body.trim();
  let root: unknown;
  try {
    root = text.startsWith('<') ? xml.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new SpotFormatError(`not a SPOT feed response: ${(err as Error).message}`);
  }
  const response = obj(obj(root)?.response);
  if (!response) throw new SpotFormatError('not a SPOT feed response: no "response" element');
  const error = obj(obj(response.errors)?.error) ?? firstOf(obj(response.errors)?.error);
  if (error) {
    return {
      result: {
        kind: 'error',
        code: str(error.code),
        text: str(error.text),
        description: str(error.description),
      },
      skipped: 0,
    };
  }
  const r = obj(response.feedMessageResponse);
  if (!r) throw new SpotFormatError('not a SPOT feed response: neither "feedMessageResponse" nor "errors"');
  // One message arrives as an object, several as an array: the quirk clients trip over.
  const raw = listOf(obj(r.messages)?.message);
  const messages = raw.map(toMessage).filter((m): m is SpotMessage => m !== null);
  return {
    result: {
      kind: 'messages',
      feed: toFeed(obj(r.feed) ?? {}),
      count: num(r.count) ?? messages.length,
      totalCount: num(r.totalCount) ?? messages.length,
      activityCount: num(r.activityCount) ?? 0,
      messages,
    },
    skipped: raw.length - messages.length,
  };
}

function toMessage(value: unknown): SpotMessage | null {
  const m = obj(value);
  if (!m) return null;
  const id = m.id == null ? '' : str(m.id);
  const messengerId = str(m.messengerId);
  const unixTime = num(m.unixTime);
  if (!id || !messengerId || unixTime == null) return null;
  return {
    id,
    messengerId,
    messengerName: str(m.messengerName),
    unixTime,
    messageType: str(m.messageType) || 'UNKNOWN',
    latitude: num(m.latitude) ?? NaN,
    longitude: num(m.longitude) ?? NaN,
    modelId: optStr(m.modelId),
    showCustomMsg: optStr(m.showCustomMsg),
    dateTime: optStr(m.dateTime),
    batteryState: optStr(m.batteryState),
    hidden: num(m.hidden) ?? 0,
    altitude: num(m.altitude),
    messageContent: optStr(m.messageContent),
    clientUnixTime: m['@clientUnixTime'] == null ? '0' : str(m['@clientUnixTime']),
  };
}

function toFeed(f: Obj): SpotFeedInfo {
  return {
    id: str(f.id),
    name: str(f.name),
    description: str(f.description),
    status: str(f.status),
    usage: num(f.usage) ?? 0,
    daysRange: num(f.daysRange) ?? 7,
    detailedMessageShown: f.detailedMessageShown === true || f.detailedMessageShown === 'true',
    type: optStr(f.type),
  };
}

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}
function firstOf(v: unknown): Obj | null {
  return Array.isArray(v) ? obj(v[0]) : null;
}
function listOf(v: unknown): unknown[] {
  if (v == null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
function optStr(v: unknown): string | null {
  const s = str(v);
  return s === '' ? null : s;
}
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
