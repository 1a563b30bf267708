import { Command } from 'commander';
import { generateToken, hashSecret, secretPrefix } from '../auth/secrets.ts';
import { ROLES, type Role } from '../model/records.ts';
import { printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
} from './storage-options.ts';

export function tokenCommands() {
  const token = new Command('token').description('API tokens (Bearer): create, list, revoke');
  token.addCommand(
    storageCommand('create')
      .description('Create a token and print it once')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
      .option('--group <id>', 'group the token sees (with its subtree); default the root group')
      .action(async (o: { name: string; role: string; group?: string; dataDir?: string }) => {
        if (!ROLES.includes(o.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
        await withStorage(o, async (storage) => {
          const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
          const secret = generateToken();
          const c = await storage.createCredential({
            groupId,
            role: o.role as Role,
            kind: 'token',
            name: o.name,
            prefix: secretPrefix(secret),
            secretHash: hashSecret(secret),
          });
          console.error(`token ${c.id} (${c.role}, group ${c.groupId}); shown once:`);
          console.log(secret);
        });
      }),
  );
  token.addCommand(
    storageCommand('list')
      .description('List tokens (never their secrets)')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean; dataDir?: string }) => {
        await withExistingStorage(o, async (storage) => {
          const rows = (await storage.listCredentials('/'))
            .filter((c) => c.kind === 'token')
            .map((c) => ({
              id: c.id,
              name: c.name,
              role: c.role,
              group: c.groupId,
              prefix: c.prefix,
              created: new Date(c.createdAt).toISOString(),
              revoked: c.revokedAt ? new Date(c.revokedAt).toISOString() : null,
            }));
          printRows(rows, o.json);
        });
      }),
  );
  token.addCommand(
    storageCommand('revoke')
      .description('Revoke a token; it stops working at once')
      .argument('<id>', 'token id (from `token list`)')
      .action(async (id: string, o: { dataDir?: string }) => {
        await withStorage(o, async (storage) => {
          if (!(await storage.revokeCredential(intOption(id, 'id')!, '/')))
            throw new Error(`no live token ${id}`);
          console.log(`revoked token ${id}`);
        });
      }),
  );
  return token;
}
