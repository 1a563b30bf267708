import type { StoredMessage, StoredPosition } from '../model/records.ts';

/** One entry of a device's timeline: a position (with its message, when it has one) or a message without one. */
export interface TimelineEntry {
  deviceId: number;
  time: number;
  position: StoredPosition | null;
  message: StoredMessage | null;
}

export interface TimelineQuery {
  deviceIds: number[];
  /** Inclusive. */
  from: number;
  /** Exclusive. */
  to: number;
  /** Messages without a position are entries only when of one of these types (e.g. SPOT's HELP-CANCEL). */
  messageTypes: string[];
  /** Newest first: `offset` entries are skipped, then up to `limit` returned. */
  offset: number;
  limit: number;
}

/** Timelines of devices, newest first, paged by offset with a total: what vendor facades page like (SPOT, FollowAnalytics). */
export interface TimelineStore {
  /** Entries newest first (time, then id), and how many the range holds. */
  listTimeline(query: TimelineQuery): Promise<{ total: number; items: TimelineEntry[] }>;
}
