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
  let root = (await storage.listGroups('/')).find((g) => g.parentId === null);
  root ??= await storage.createGroup({ parentId: null, name: 'root' });
  if (presetToken) {
    if (!(await storage.findCredential(hashSecret(presetToken)))) {
      await storage.createCredential({
        groupId: root.id,
        role: 'admin',
        kind: 'token',
        name: 'admin (TRACKWAY_ADMIN_TOKEN)',
        prefix: secretPrefix(presetToken),
        secretHash: hashSecret(presetToken),
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
