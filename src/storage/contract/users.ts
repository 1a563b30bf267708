import { describe, expect } from 'vitest';
import { groupTree, storageIt, T0, type OpenStorage } from './fixtures.ts';

/** Web users (login, group, role, password hash) and the sessions of signed-in browsers. */
export function describeUsers(open: OpenStorage) {
  const it = storageIt(open);

  describe('users and sessions', () => {
    it('creates a user, finds it by login with its hash, and lists it within its scope only', async (s) => {
      const { fleet, vans, other } = await groupTree(s);
      const ann = await s.users.createUser({
        groupId: vans.id,
        login: 'ann',
        role: 'manager',
        passwordHash: 'h1',
      });
      await s.users.createUser({
        groupId: other.id,
        login: 'bob',
        name: 'Bob B',
        role: 'viewer',
        passwordHash: 'h2',
      });
      expect(ann).toMatchObject({
        groupId: vans.id,
        login: 'ann',
        name: 'ann',
        role: 'manager',
        disabledAt: null,
      });
      expect(await s.users.getUser(ann.id)).toEqual(ann);
      expect(await s.users.findLogin('ann')).toEqual({ user: ann, passwordHash: 'h1' });
      expect(await s.users.findLogin('nobody')).toBeNull();
      expect((await s.users.listUsers(fleet.path)).map((u) => u.login)).toEqual(['ann']);
      expect((await s.users.listUsers('/')).map((u) => u.login)).toEqual(['ann', 'bob']);
      expect(await s.users.countUsers()).toBe(2);
    });

    it('refuses a second user with the same login', async (s) => {
      const { fleet } = await groupTree(s);
      const input = { groupId: fleet.id, login: 'ann', role: 'viewer' as const, passwordHash: 'h' };
      await s.users.createUser(input);
      await expect(s.users.createUser(input)).rejects.toThrow();
    });

    it('updates only users in scope', async (s) => {
      const { fleet, other } = await groupTree(s);
      const bob = await s.users.createUser({
        groupId: other.id,
        login: 'bob',
        role: 'viewer',
        passwordHash: 'h',
      });
      expect(await s.users.updateUser(bob.id, fleet.path, { role: 'admin' })).toBeNull();
      expect(await s.users.updateUser(bob.id, '/', { role: 'manager', name: 'Bob' })).toMatchObject({
        role: 'manager',
        name: 'Bob',
      });
    });

    it('finds a live session of a user until it ends or expires', async (s) => {
      const { fleet } = await groupTree(s);
      const ann = await s.users.createUser({
        groupId: fleet.id,
        login: 'ann',
        role: 'viewer',
        passwordHash: 'h',
      });
      const expiresAt = Date.now() + 60_000;
      const session = await s.users.createSession({ secretHash: 's1', userId: ann.id, expiresAt });
      expect(session).toMatchObject({ userId: ann.id, credentialId: null, expiresAt });
      expect(await s.users.findSession('s1', Date.now())).toEqual({ session, user: ann, credential: null });
      expect(await s.users.findSession('s1', expiresAt)).toBeNull();
      expect(await s.users.findSession('other', Date.now())).toBeNull();
      expect(await s.users.endSession('s1')).toBe(true);
      expect(await s.users.endSession('s1')).toBe(false);
      expect(await s.users.findSession('s1', Date.now())).toBeNull();
    });

    it('ends the sessions of a user who is disabled or gets a new password', async (s) => {
      const { fleet } = await groupTree(s);
      const ann = await s.users.createUser({
        groupId: fleet.id,
        login: 'ann',
        role: 'viewer',
        passwordHash: 'h',
      });
      const expiresAt = Date.now() + 60_000;
      await s.users.createSession({ secretHash: 'a', userId: ann.id, expiresAt });
      await s.users.updateUser(ann.id, '/', { passwordHash: 'h2' });
      expect(await s.users.findSession('a', Date.now())).toBeNull();
      await s.users.createSession({ secretHash: 'b', userId: ann.id, expiresAt });
      const disabled = await s.users.updateUser(ann.id, '/', { disabled: true });
      expect(disabled!.disabledAt).toEqual(expect.any(Number));
      expect(await s.users.findSession('b', Date.now())).toBeNull();
      expect((await s.users.updateUser(ann.id, '/', { disabled: false }))!.disabledAt).toBeNull();
    });

    it('purges sessions that expired or ended before a time, and keeps live ones', async (s) => {
      const { fleet } = await groupTree(s);
      const ann = await s.users.createUser({
        groupId: fleet.id,
        login: 'ann',
        role: 'viewer',
        passwordHash: 'h',
      });
      const now = Date.now();
      await s.users.createSession({ secretHash: 'expired', userId: ann.id, expiresAt: now - 1000 });
      await s.users.createSession({ secretHash: 'ended', userId: ann.id, expiresAt: now + 60_000 });
      await s.users.endSession('ended');
      await s.users.createSession({ secretHash: 'live', userId: ann.id, expiresAt: now + 60_000 });
      expect(await s.users.purgeSessions(now + 1000)).toBe(2);
      expect(await s.users.findSession('live', now)).not.toBeNull();
      expect(await s.users.purgeSessions(now + 1000)).toBe(0);
    });

    it('holds a session signed in with a token only while the token lives', async (s) => {
      const { fleet } = await groupTree(s);
      const token = await s.createCredential({
        groupId: fleet.id,
        role: 'admin',
        kind: 'token',
        name: 't',
        prefix: 'tw_x',
        secretHash: 'token-hash',
      });
      await s.users.createSession({ secretHash: 'c', credentialId: token.id, expiresAt: T0 + 1e12 });
      const live = await s.users.findSession('c', Date.now());
      expect(live).toMatchObject({ user: null, credential: { id: token.id, role: 'admin' } });
      await s.revokeCredential(token.id, '/');
      expect(await s.users.findSession('c', Date.now())).toBeNull();
    });
  });
}
