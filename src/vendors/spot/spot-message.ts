/**
 * A message of a SPOT public feed, as the vendor document's XML and the JSON real SPOT sends carry it, with every
 * field kept so that the feed API served by Trackway can give it back unchanged.
 */
export interface SpotMessage {
  /** SPOT's message id: the identity a message is deduplicated by. */
  id: string;
  messengerId: string;
  messengerName: string;
  /** Seconds since the epoch. */
  unixTime: number;
  messageType: string;
  /** `-99999` (both) means the messenger had no fix; the message is still a message. */
  latitude: number;
  longitude: number;
  modelId: string | null;
  showCustomMsg: string | null;
  /** As SPOT wrote it, with its offset (`2013-04-02T06:28:12-0700`). */
  dateTime: string | null;
  batteryState: string | null;
  hidden: number;
  altitude: number | null;
  messageContent: string | null;
  clientUnixTime: string;
}

/** The feed block of a feed response. */
export interface SpotFeedInfo {
  id: string;
  name: string;
  description: string;
  status: string;
  usage: number;
  daysRange: number;
  detailedMessageShown: boolean;
  /** Only in the JSON real SPOT sends (`SHARED_PAGE`); absent from the document's XML. */
  type: string | null;
}

export interface SpotFeedPage {
  kind: 'messages';
  feed: SpotFeedInfo;
  /** As SPOT says; it can disagree with the messages present (a sample says 24 and holds 5). */
  count: number;
  totalCount: number;
  activityCount: number;
  messages: SpotMessage[];
}

export interface SpotFeedError {
  kind: 'error';
  code: string;
  text: string;
  description: string;
}

/** The message types the vendor document lists; anything else is kept as it comes. */
export const SPOT_MESSAGE_TYPES = [
  'OK',
  'TRACK',
  'EXTREME-TRACK',
  'UNLIMITED-TRACK',
  'NEWMOVEMENT',
  'HELP',
  'HELP-CANCEL',
  'CUSTOM',
  'POI',
  'STOP',
  'STATUS',
] as const;

/** SPOT's "no fix" coordinate. */
export const NO_FIX = -99999;

export function hasFix(m: Pick<SpotMessage, 'latitude' | 'longitude'>): boolean {
  return (
    m.latitude !== NO_FIX &&
    m.longitude !== NO_FIX &&
    Number.isFinite(m.latitude) &&
    Number.isFinite(m.longitude)
  );
}
