import { hashSecret } from '../../../auth/secrets.ts';
import type { Device } from '../../../model/records.ts';
import type { TimelineEntry } from '../../../storage/entries.ts';
import type { Feed } from '../storage/feeds.ts';
import type { Storage } from '../../../storage/storage.ts';
import { feedErrors } from '../connector/feed-errors.ts';
import { SPOT_MESSAGE_TYPES, type SpotFeedError, type SpotFeedPage } from '../spot-message.ts';
import { DAYS_RANGE, offsetOf, PAGE_SIZE, parseSpotDate, windowOf } from './query.ts';
import { toSpotMessage } from './to-spot-message.ts';

export interface FeedQuery {
  start?: string;
  startDate?: string;
  endDate?: string;
  feedPassword?: string;
}

/** Messages without a fix are listed only when SPOT itself would list them. */
const NO_FIX_TYPES = [...SPOT_MESSAGE_TYPES];

/** A feed as SPOT's feed API answers it: `message` (50 per page, newest first) or `latest` (one per device). */
export async function feedResponse(
  storage: Storage,
  feed: Feed | null,
  feedId: string,
  what: 'message' | 'latest',
  query: FeedQuery,
  now: number,
): Promise<SpotFeedPage | SpotFeedError> {
  if (!feed) return feedErrors.notFound(feedId);
  if (feed.passwordHash != null && hashSecret(query.feedPassword ?? '') !== feed.passwordHash) {
    return feedErrors.badPassword(feedId);
  }
  const offset = what === 'message' ? offsetOf(query.start) : 0;
  const window = windowOf(
    now,
    parseSpotDate('startDate', query.startDate),
    parseSpotDate('endDate', query.endDate),
  );
  const devices = new Map<number, Device>();
  for (const id of feed.deviceIds) {
    const device = await storage.getDevice(id);
    if (device) devices.set(id, device);
  }
  const base = { deviceIds: [...devices.keys()], ...window, messageTypes: NO_FIX_TYPES };
  let entries: TimelineEntry[];
  let total: number;
  if (what === 'message') {
    ({ items: entries, total } = await storage.listTimeline({
      ...base,
      offset,
      limit: PAGE_SIZE,
    }));
  } else {
    const latest = await Promise.all(
      base.deviceIds.map((id) => storage.listTimeline({ ...base, deviceIds: [id], offset: 0, limit: 1 })),
    );
    entries = latest.flatMap((l) => l.items).sort((a, b) => b.time - a.time);
    total = entries.length;
  }
  if (!entries.length) return feedErrors.noMessages(feedId);
  return {
    kind: 'messages',
    feed: {
      id: feed.feedId,
      name: feed.name,
      description: feed.description,
      status: 'ACTIVE',
      usage: 0,
      daysRange: DAYS_RANGE,
      detailedMessageShown: true,
      type: 'SHARED_PAGE',
    },
    count: entries.length,
    totalCount: total,
    activityCount: 0,
    messages: entries.map((e) => toSpotMessage(e, devices.get(e.deviceId)!)),
  };
}
