import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { hashSecret } from './secrets.ts';
import { createSignInLink, redeemSignInLink, SIGN_IN_LINK_TTL_MS } from './sign-in-links.ts';

describe('one-time sign-in links', () => {
  let dir: string;
  let storage: InstanceType<typeof SqliteStorage>;
  let userId: number;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-links-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    const group = await storage.createGroup({ parentId: null, name: 'root' });
    userId = (
      await storage.users.createUser({ groupId: group.id, login: 'ada', role: 'admin', passwordHash: 'x' })
    ).id;
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exchanges a key once for a session of the same user', async () => {
    const { key } = await createSignInLink(storage, { userId });
    const opened = await redeemSignInLink(storage, key);
    expect(opened?.session.userId).toBe(userId);
    const live = await storage.users.findSession(hashSecret(opened!.secret), Date.now());
    expect(live?.user?.id).toBe(userId);
    expect(await redeemSignInLink(storage, key)).toBeNull();
  });

  it('refuses an unknown key, an expired one, and a key offered as a session cookie', async () => {
    expect(await redeemSignInLink(storage, 'tl_nothing')).toBeNull();
    const old = await createSignInLink(storage, { userId }, Date.now() - SIGN_IN_LINK_TTL_MS - 1);
    expect(await redeemSignInLink(storage, old.key)).toBeNull();
    const { key } = await createSignInLink(storage, { userId });
    expect(await storage.users.findSession(hashSecret(key), Date.now())).toBeNull();
  });

  it('opens one session when the same key is redeemed twice at once', async () => {
    const { key } = await createSignInLink(storage, { userId });
    const both = await Promise.all([redeemSignInLink(storage, key), redeemSignInLink(storage, key)]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });
});
