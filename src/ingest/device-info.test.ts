import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Source } from '../model/records.ts';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { applyDeviceInfo } from './device-info.ts';

describe('device information from a connector', () => {
  let dir: string;
  let storage: SqliteStorage;
  let source: Source;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-device-info-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    const root = await storage.createGroup({ parentId: null, name: 'root' });
    const fleet = await storage.createGroup({ parentId: root.id, name: 'fleet' });
    source = await storage.createSource({
      groupId: fleet.id,
      vendor: 'gps365',
      kind: 'pull',
      name: 'account',
    });
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  const info = (attributes: Record<string, unknown>, name = 'Tracker #1') => ({
    vendor: 'gps365',
    externalId: '100',
    name,
    attributes,
  });
  const device = async () => (await storage.listDevices({ scope: '/', limit: 10 })).items;

  it('creates a missing device named by the vendor, then changes attributes key by key, keeping its name', async () => {
    await applyDeviceInfo(storage, source, [info({ gps365: { imei: '1' }, missing: null })]);
    const [created] = await device();
    expect(created).toMatchObject({
      name: 'Tracker #1',
      groupId: source.groupId,
      attributes: { gps365: { imei: '1' } },
    });
    await storage.updateDevice(created!.id, {
      name: 'Blue van',
      attributes: { ...created!.attributes, note: 'mine' },
    });
    await applyDeviceInfo(storage, source, [
      info({ gps365: { imei: '2' }, missing: '2024-05-01' }, 'Renamed'),
    ]);
    await applyDeviceInfo(storage, source, [info({ missing: null })]);
    const [after] = await device();
    expect(after).toMatchObject({ name: 'Blue van', attributes: { gps365: { imei: '2' }, note: 'mine' } });
    expect(after!.attributes).not.toHaveProperty('missing');
  });

  it('creates nothing when the source rejects unknown devices, and leaves devices of other groups alone', async () => {
    await applyDeviceInfo(storage, { ...source, unknownDevices: 'reject' }, [info({ a: 1 })]);
    expect(await device()).toEqual([]);
    const other = await storage.createGroup({ parentId: 1, name: 'other' });
    const theirs = await storage.createDevice({
      groupId: other.id,
      name: 'theirs',
      externalIds: [{ vendor: 'gps365', externalId: '100' }],
    });
    await applyDeviceInfo(storage, source, [info({ a: 1 })]);
    expect((await storage.getDevice(theirs.id))!.attributes).toEqual({});
  });
});
