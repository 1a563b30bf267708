import { describe, expect } from 'vitest';
import { groupTree, storageIt, type OpenStorage } from './fixtures.ts';

/** Secrets of push receivers: looked up by hash, bound to a source and optionally one device, revocable. */
export function describeReceiverSecrets(open: OpenStorage) {
  const it = storageIt(open);

  describe('receiver secrets', () => {
    it('finds a live secret by its hash with its source and device binding', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'osmand', kind: 'push', name: 'phones' });
      const wide = await s.createReceiverSecret({
        sourceId: src.id,
        name: 'all phones',
        prefix: 'rs_abc',
        secretHash: 'h-wide',
      });
      const bound = await s.createReceiverSecret({
        sourceId: src.id,
        externalId: '123456',
        name: 'phone 1',
        prefix: 'rs_def',
        secretHash: 'h-bound',
      });
      expect(wide).toMatchObject({ sourceId: src.id, externalId: null, name: 'all phones', revokedAt: null });
      expect(await s.findReceiverSecret('h-wide')).toEqual(wide);
      expect(await s.findReceiverSecret('h-bound')).toMatchObject({ id: bound.id, externalId: '123456' });
      expect(await s.findReceiverSecret('h-none')).toBeNull();
      expect((await s.listReceiverSecrets(src.id)).map((x) => x.id)).toEqual([wide.id, bound.id]);
    });

    it('refuses a second secret with the same hash', async (s) => {
      const { fleet } = await groupTree(s);
      const src = await s.createSource({ groupId: fleet.id, vendor: 'osmand', kind: 'push', name: 'phones' });
      const input = { sourceId: src.id, name: 'a', prefix: 'rs_a', secretHash: 'same' };
      await s.createReceiverSecret(input);
      await expect(s.createReceiverSecret(input)).rejects.toThrow();
    });

    it('no longer finds a revoked secret, and revokes only within its source', async (s) => {
      const { fleet } = await groupTree(s);
      const a = await s.createSource({ groupId: fleet.id, vendor: 'osmand', kind: 'push', name: 'a' });
      const b = await s.createSource({ groupId: fleet.id, vendor: 'owntracks', kind: 'push', name: 'b' });
      const secret = await s.createReceiverSecret({
        sourceId: a.id,
        name: 'x',
        prefix: 'p',
        secretHash: 'h',
      });
      expect(await s.revokeReceiverSecret(secret.id, b.id)).toBe(false);
      expect(await s.findReceiverSecret('h')).not.toBeNull();
      expect(await s.revokeReceiverSecret(secret.id, a.id)).toBe(true);
      expect(await s.revokeReceiverSecret(secret.id, a.id)).toBe(false);
      expect(await s.findReceiverSecret('h')).toBeNull();
      const [listed] = await s.listReceiverSecrets(a.id);
      expect(listed!.revokedAt).toEqual(expect.any(Number));
    });
  });
}
