import type { Storage } from '../storage/storage.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { generateToken, hashSecret, secretPrefix } from './secrets.ts';

/** Login of the first admin user, created at first start for the web app. */
export const FIRST_ADMIN_LOGIN = 'admin';

/**
 * First start: a root group, an admin token and an admin user. With `presetToken` (TRACKWAY_ADMIN_TOKEN) that
 * token is ensured instead and never printed; with `presetPassword` (TRACKWAY_ADMIN_PASSWORD) the first user gets
 * it. Returns what was newly generated so the caller can show it once.
 */
export async function bootstrap(
  storage: Storage,
  presetToken: string | null,
  presetPassword: string | null = null,
): Promise<{ createdToken: string | null; createdPassword: string | null }> {
  const root = await ensureRoot(storage);
  const createdPassword = await ensureFirstUser(storage, root.id, presetPassword);
  return { createdToken: await ensureAdminToken(storage, root.id, presetToken), createdPassword };
}

async function ensureAdminToken(storage: Storage, rootId: number, presetToken: string | null) {
  if (presetToken) {
    const secretHash = hashSecret(presetToken);
    if (!(await storage.findCredential(secretHash))) {
      await storage
        .createCredential({
          groupId: rootId,
          role: 'admin',
          kind: 'token',
          name: 'admin (TRACKWAY_ADMIN_TOKEN)',
          prefix: secretPrefix(presetToken),
          secretHash,
        })
        .catch(async (err: unknown) => {
          // Another process on the same database stored it first (secret hashes are unique).
          if (!(await storage.findCredential(secretHash))) throw err;
        });
    }
    return null;
  }
  if ((await storage.countCredentials()) > 0) return null;
  const token = generateToken();
  await storage.createCredential({
    groupId: rootId,
    role: 'admin',
    kind: 'token',
    name: 'admin (first start)',
    prefix: secretPrefix(token),
    secretHash: hashSecret(token),
  });
  return token;
}

/** The first admin user, when there is no user yet; returns its password when generated here. */
async function ensureFirstUser(storage: Storage, rootId: number, presetPassword: string | null) {
  if ((await storage.users.countUsers()) > 0) return null;
  const password = presetPassword ?? generatePassword();
  try {
    await storage.users.createUser({
      groupId: rootId,
      login: FIRST_ADMIN_LOGIN,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
    });
  } catch (err) {
    // Another process on the same database created it first (logins are unique).
    if (await storage.users.findLogin(FIRST_ADMIN_LOGIN)) return null;
    throw err;
  }
  return presetPassword ? null : password;
}

/** The root group, created when missing; processes starting together on one database end up with the same one. */
export async function ensureRoot(storage: Storage) {
  const find = async () => (await storage.listGroups('/')).find((g) => g.parentId === null);
  const found = await find();
  if (found) return found;
  try {
    return await storage.createGroup({ parentId: null, name: 'root' });
  } catch (err) {
    // There is one root (a unique index): another process created it between the look and the insert.
    const created = await find();
    if (created) return created;
    throw err;
  }
}
