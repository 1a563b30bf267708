import type { StoredMessage, StoredPosition } from '../../../model/records.ts';
import { bool, defineTable, int, text, textOrNull, type Row } from '../../../storage/rows/columns.ts';

/**
 * Published feeds: a named set of devices of one group, readable by a generated public id (SPOT's feed API
 * shape), optionally behind a password of which only a hash is stored.
 */
export interface Feed {
  id: number;
  groupId: number;
  /** The public id in feed URLs. */
  feedId: string;
  name: string;
  description: string;
  passwordHash: string | null;
  deviceIds: number[];
  /** Reproduce the vendor's rate limit for callers of this feed (for testing clients). */
  rateLimited: boolean;
  createdAt: number;
}

export interface NewFeed {
  groupId: number;
  feedId: string;
  name: string;
  description?: string;
  passwordHash?: string | null;
  deviceIds: number[];
  rateLimited?: boolean;
}

/** A feed's entry: a position (with its message, when it has one) or a message without a position. */
export interface FeedEntry {
  deviceId: number;
  time: number;
  position: StoredPosition | null;
  message: StoredMessage | null;
}

export interface FeedEntryQuery {
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

/** SPOT's own store, beside the core's (see `spotStorage`). */
export interface FeedStore {
  /** Fails when a device is not in the feed's group's subtree. */
  createFeed(input: NewFeed): Promise<Feed>;
  getFeedByPublicId(feedId: string): Promise<Feed | null>;
  listFeeds(scope: string): Promise<Feed[]>;
  deleteFeed(id: number, scope: string): Promise<boolean>;
  /** Entries newest first (time, then id), and how many the range holds. */
  listFeedEntries(query: FeedEntryQuery): Promise<{ total: number; items: FeedEntry[] }>;
}

const FEEDS = defineTable<Omit<Feed, 'deviceIds'>>('feeds', {
  id: int,
  groupId: int,
  feedId: text,
  name: text,
  description: text,
  passwordHash: textOrNull,
  rateLimited: bool(false),
  createdAt: int,
});

/** A feed row with the ids of its devices (read separately). */
export const feedFromRow = (r: Row, deviceIds: number[]): Feed => ({ ...FEEDS.fromRow(r), deviceIds });
