import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFresh } from '../../../storage/postgres/test-database.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import {
  commit,
  fleetWithDevices,
  message,
  position,
  storageIt,
  T0,
  type OpenStorage,
} from '../../../storage/contract/fixtures.ts';
import { MIGRATIONS, spotFeeds, spotStorage } from './index.ts';

/** SPOT's published feeds, held to the same rules on both databases: a set of devices read newest first, with messages that have no position where asked. */
function describeFeeds(open: OpenStorage) {
  const it = storageIt(open);

  describe('feeds', () => {
    it('creates a feed of devices in its group and finds it by its public id', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const feed = await spotFeeds(s).createFeed({
        groupId: groups.fleet.id,
        feedId: 'pub123',
        name: 'Expedition',
        description: 'The trek',
        passwordHash: 'hash',
        deviceIds: [van.id, truck.id, truck.id],
      });
      expect(feed).toMatchObject({
        feedId: 'pub123',
        name: 'Expedition',
        description: 'The trek',
        passwordHash: 'hash',
        rateLimited: false,
        deviceIds: [truck.id, van.id].sort((a, b) => a - b),
      });
      expect(await spotFeeds(s).getFeedByPublicId('pub123')).toEqual(feed);
      expect(await spotFeeds(s).getFeedByPublicId('nope')).toBeNull();
    });

    it('refuses a device outside the feed group', async (s) => {
      const { groups, truck, stranger } = await fleetWithDevices(s);
      await expect(
        spotFeeds(s).createFeed({
          groupId: groups.fleet.id,
          feedId: 'x',
          name: 'x',
          deviceIds: [truck.id, stranger.id],
        }),
      ).rejects.toThrow(/not in its group/);
      expect(await spotFeeds(s).getFeedByPublicId('x')).toBeNull();
    });

    it('lists and deletes feeds only within a scope', async (s) => {
      const { groups, truck, stranger } = await fleetWithDevices(s);
      const mine = await spotFeeds(s).createFeed({
        groupId: groups.fleet.id,
        feedId: 'a',
        name: 'a',
        deviceIds: [truck.id],
      });
      const theirs = await spotFeeds(s).createFeed({
        groupId: groups.other.id,
        feedId: 'b',
        name: 'b',
        deviceIds: [stranger.id],
      });
      expect((await spotFeeds(s).listFeeds(groups.fleet.path)).map((f) => f.feedId)).toEqual(['a']);
      expect(await spotFeeds(s).deleteFeed(theirs.id, groups.fleet.path)).toBe(false);
      expect(await spotFeeds(s).deleteFeed(mine.id, groups.fleet.path)).toBe(true);
      expect((await spotFeeds(s).listFeeds(groups.root.path)).map((f) => f.feedId)).toEqual(['b']);
    });

    it('lists entries newest first: positions with their messages, and typed messages without a position', async (s) => {
      const { truck, van, stranger } = await fleetWithDevices(s);
      await commit(s, [
        { deviceId: truck.id, position: position(1000), message: message(1000, { messageType: 'TRACK' }) },
        { deviceId: truck.id, message: message(2000, { messageType: 'HELP-CANCEL' }) },
        { deviceId: truck.id, message: message(2500, { messageType: 'service' }) },
        { deviceId: van.id, position: position(3000, 50, 10) },
        { deviceId: stranger.id, position: position(4000) },
        { deviceId: van.id, position: position(9000, 50, 11) },
      ]);
      const query = {
        deviceIds: [truck.id, van.id],
        from: T0,
        to: T0 + 5000,
        messageTypes: ['TRACK', 'HELP-CANCEL'],
        offset: 0,
        limit: 10,
      };
      const { total, items } = await s.listTimeline(query);
      expect(total).toBe(3);
      expect(
        items.map((e) => [e.deviceId, e.time - T0, e.position != null, e.message?.messageType ?? null]),
      ).toEqual([
        [van.id, 3000, true, null],
        [truck.id, 2000, false, 'HELP-CANCEL'],
        [truck.id, 1000, true, 'TRACK'],
      ]);
      expect(items[2]!.position!.messageId).toBe(items[2]!.message!.id);

      const second = await s.listTimeline({ ...query, offset: 1, limit: 1 });
      expect(second.total).toBe(3);
      expect(second.items.map((e) => e.time - T0)).toEqual([2000]);
      expect((await s.listTimeline({ ...query, deviceIds: [] })).total).toBe(0);
    });
  });
}

async function openSqlite(file: string, withSpot = true) {
  const storage = new SqliteStorage(file, { extensions: withSpot ? [spotStorage] : [] });
  await storage.migrate();
  return storage;
}

describe('sqlite', () => {
  describeFeeds(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-spot-'));
    const storage = await openSqlite(join(dir, 'trackway.db'));
    return {
      storage,
      cleanup: async () => {
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });

  it('keeps the feeds of a database whose core created their tables, before they were SPOT’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-spot-'));
    const file = join(dir, 'trackway.db');
    try {
      const before = await openSqlite(file, false);
      // What the core's migration 0005_feeds created before the tables moved to this folder.
      before.db.exec(readFileSync(join(MIGRATIONS, 'sqlite', '0001_feeds.sql'), 'utf8'));
      const { groups, van } = await fleetWithDevices(before);
      before.db
        .prepare('INSERT INTO feeds (group_id, feed_id, name, created_at) VALUES (?, ?, ?, ?)')
        .run(groups.fleet.id, 'pub1', 'Old feed', T0);
      await before.close();

      const after = new SqliteStorage(file, { extensions: [spotStorage] });
      try {
        expect((await after.migrate()).applied).toEqual(['spot/0001_feeds']);
        expect((await after.migrate()).applied).toEqual([]);
        expect(await spotFeeds(after).getFeedByPublicId('pub1')).toMatchObject({ name: 'Old feed' });
        const feed = await spotFeeds(after).createFeed({
          groupId: groups.fleet.id,
          feedId: 'pub2',
          name: 'New feed',
          deviceIds: [van.id],
        });
        expect(feed.deviceIds).toEqual([van.id]);
      } finally {
        await after.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when asked for feeds of a storage opened without SPOT’s tables', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-spot-'));
    const storage = await openSqlite(join(dir, 'trackway.db'), false);
    try {
      expect(() => spotFeeds(storage)).toThrow(/without the tables of spot/);
    } finally {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('postgres', () => {
  describeFeeds(() => openFresh(undefined, { extensions: [spotStorage] }));
});
