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

/** SPOT's own store, beside the core's (see `spotStorage`). */
export interface FeedStore {
  /** Fails when a device is not in the feed's group's subtree. */
  createFeed(input: NewFeed): Promise<Feed>;
  getFeedByPublicId(feedId: string): Promise<Feed | null>;
  listFeeds(scope: string): Promise<Feed[]>;
  deleteFeed(id: number, scope: string): Promise<boolean>;
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
