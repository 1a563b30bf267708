import { describe, expect } from 'vitest';
import { groupTree, storageIt, type OpenStorage } from './fixtures.ts';

/** Editing device types: only the fields given change, and a field can be cleared. */
export function describeDeviceTypes(open: OpenStorage) {
  const it = storageIt(open);

  describe('device types', () => {
    it('updates the fields present and keeps the rest', async (s) => {
      const { fleet } = await groupTree(s);
      const type = await s.createDeviceType({
        groupId: fleet.id,
        name: 'sensor',
        payloadType: 'custom',
        payloadConfig: 'a::uint:8',
        downlinkData: 'deadbeefcafebabe',
      });
      const edited = await s.updateDeviceType(type.id, {
        name: 'renamed',
        keepAlive: 60,
        downlinkData: null,
        attributes: { contract: 'c1' },
      });
      expect(edited).toEqual({
        ...type,
        name: 'renamed',
        keepAlive: 60,
        downlinkData: null,
        attributes: { contract: 'c1' },
      });
      expect(await s.getDeviceType(type.id)).toEqual(edited);
      expect(await s.updateDeviceType(type.id, {})).toEqual(edited);
      expect(await s.updateDeviceType(type.id + 1000, { name: 'x' })).toBeNull();
    });
  });
}
