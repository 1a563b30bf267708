import { describe, expect } from 'vitest';
import { groupTree, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Sources (connector bindings) and the rate stamps that keep vendor limits across restarts. */
export function describeSources(open: OpenStorage) {
  const it = storageIt(open);

  describe('sources', () => {
    it('creates a source with defaults and reads it back', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'spot', kind: 'pull', name: 'feed' });
      expect(src).toMatchObject({
        groupId: fleet.id,
        vendor: 'spot',
        kind: 'pull',
        name: 'feed',
        settings: {},
        unknownDevices: 'create',
        enabled: true,
        status: 'idle',
        cursor: null,
        lastError: null,
        nextRunAt: null,
        failures: 0,
      });
      expect(await s.getSource(src.id)).toEqual(src);
      expect(await s.getSource(src.id + 1000)).toBeNull();
      const off = await s.createSource({
        groupId: fleet.id,
        vendor: 'sigfox',
        kind: 'push',
        name: 'cb',
        settings: { feedId: 'abc' },
        unknownDevices: 'reject',
        enabled: false,
      });
      expect(off).toMatchObject({ settings: { feedId: 'abc' }, unknownDevices: 'reject', enabled: false });
    });

    it('updates the fields in the patch and keeps the rest', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({
        groupId: fleet.id,
        vendor: 'spot',
        kind: 'pull',
        name: 'feed',
        settings: { feedId: 'a' },
      });
      const failed = await s.updateSource(src.id, {
        status: 'backoff',
        failures: 2,
        lastError: 'HTTP 503',
        lastErrorAt: T0 + 1,
        lastRequestAt: T0 + 2,
        nextRunAt: T0 + 60_000,
      });
      expect(failed).toEqual({
        ...src,
        status: 'backoff',
        failures: 2,
        lastError: 'HTTP 503',
        lastErrorAt: T0 + 1,
        lastRequestAt: T0 + 2,
        nextRunAt: T0 + 60_000,
      });
      // null clears a field; absent leaves it alone.
      const recovered = await s.updateSource(src.id, {
        name: 'renamed',
        settings: { feedId: 'b' },
        enabled: false,
        status: 'idle',
        failures: 0,
        lastError: null,
        lastSuccessAt: T0 + 3,
        cursor: 'c-1',
      });
      expect(recovered).toEqual({
        ...failed,
        name: 'renamed',
        settings: { feedId: 'b' },
        enabled: false,
        status: 'idle',
        failures: 0,
        lastError: null,
        lastSuccessAt: T0 + 3,
        cursor: 'c-1',
      });
      expect(await s.updateSource(src.id, { cursor: null })).toEqual({ ...recovered, cursor: null });
      expect(await s.updateSource(src.id + 1000, { name: 'x' })).toBeNull();
    });

    it('lists the sources of the subtree only', async (s) => {
      const { root, fleet, vans, other } = await groupTree(s);
      const made = [];
      for (const g of [root, fleet, vans, other]) {
        made.push(await s.createSource({ groupId: g.id, vendor: 'spot', kind: 'pull', name: g.name }));
      }
      const listed = (await s.listSources(fleet.path)).map((x) => x.id).sort((a, b) => a - b);
      expect(listed).toEqual([made[1]!.id, made[2]!.id].sort((a, b) => a - b));
    });
  });

  describe('rate stamps', () => {
    it('keeps the last stamp set under each key', async (s) => {
      expect(await s.getRateStamp('spot:global')).toBeNull();
      await s.setRateStamp('spot:global', T0 + 1);
      await s.setRateStamp('spot:global', T0 + 2);
      await s.setRateStamp('gps365:global', T0 + 5);
      expect(await s.getRateStamp('spot:global')).toBe(T0 + 2);
      expect(await s.getRateStamp('gps365:global')).toBe(T0 + 5);
    });
  });
}
