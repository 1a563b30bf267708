import { describe, expect } from 'vitest';
import { commit, fleetWithDevices, message, position, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Published feeds: a set of devices read newest first, with messages that have no position where asked. */
export function describeFeeds(open: OpenStorage) {
  const it = storageIt(open);

  describe('feeds', () => {
    it('creates a feed of devices in its group and finds it by its public id', async (s) => {
      const { groups, truck, van } = await fleetWithDevices(s);
      const feed = await s.createFeed({
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
      expect(await s.getFeedByPublicId('pub123')).toEqual(feed);
      expect(await s.getFeedByPublicId('nope')).toBeNull();
    });

    it('refuses a device outside the feed group', async (s) => {
      const { groups, truck, stranger } = await fleetWithDevices(s);
      await expect(
        s.createFeed({
          groupId: groups.fleet.id,
          feedId: 'x',
          name: 'x',
          deviceIds: [truck.id, stranger.id],
        }),
      ).rejects.toThrow(/not in its group/);
      expect(await s.getFeedByPublicId('x')).toBeNull();
    });

    it('lists and deletes feeds only within a scope', async (s) => {
      const { groups, truck, stranger } = await fleetWithDevices(s);
      const mine = await s.createFeed({
        groupId: groups.fleet.id,
        feedId: 'a',
        name: 'a',
        deviceIds: [truck.id],
      });
      const theirs = await s.createFeed({
        groupId: groups.other.id,
        feedId: 'b',
        name: 'b',
        deviceIds: [stranger.id],
      });
      expect((await s.listFeeds(groups.fleet.path)).map((f) => f.feedId)).toEqual(['a']);
      expect(await s.deleteFeed(theirs.id, groups.fleet.path)).toBe(false);
      expect(await s.deleteFeed(mine.id, groups.fleet.path)).toBe(true);
      expect((await s.listFeeds(groups.root.path)).map((f) => f.feedId)).toEqual(['b']);
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
      const { total, items } = await s.listFeedEntries(query);
      expect(total).toBe(3);
      expect(
        items.map((e) => [e.deviceId, e.time - T0, e.position != null, e.message?.messageType ?? null]),
      ).toEqual([
        [van.id, 3000, true, null],
        [truck.id, 2000, false, 'HELP-CANCEL'],
        [truck.id, 1000, true, 'TRACK'],
      ]);
      expect(items[2]!.position!.messageId).toBe(items[2]!.message!.id);

      const second = await s.listFeedEntries({ ...query, offset: 1, limit: 1 });
      expect(second.total).toBe(3);
      expect(second.items.map((e) => e.time - T0)).toEqual([2000]);
      expect((await s.listFeedEntries({ ...query, deviceIds: [] })).total).toBe(0);
    });
  });
}
