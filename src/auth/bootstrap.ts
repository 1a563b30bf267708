import type { Storage } from '../storage/storage.ts';
import { generateToken, hashSecret, secretPrefix } from './secrets.ts';

/**
 * First start: a root group and an admin token. With `presetToken` (TRACKWAY_ADMIN_TOKEN) that token is ensured
 * instead and never printed. Returns a newly generated token so the caller can show it once.
 */
export async function bootstrap(
  storage: Storage,
  presetToken: string | null,
): Promise<{ createdToken: string | null }> {
  const root = await ensureRoot(storage);
  if (presetToken) {
    const secretHash = hashSecret(presetToken);
    if (!(await storage.findCredential(secretHash))) {
      await storage
        .createCredential({
          groupId: root.id,
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
    return { createdToken: null };
  }
  if ((await storage.countCredentials()) > 0) return { createdToken: null };
  const token = generateToken();
  await storage.createCredential({
    groupId: root.id,
    role: 'admin',
    kind: 'token',
    name: 'admin (first start)',
    prefix: secretPrefix(token),
    secretHash: hashSecret(token),
  });
  return { createdToken: token };
}

/** The root group, created when missing; processes starting together on one database end up with the same one. */
async function ensureRoot(storage: Storage) {
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
