import { Command } from 'commander';
import { generateToken, hashSecret, secretPrefix } from '../auth/secrets.ts';
import { ROLES, type Credential, type Role } from '../model/records.ts';
import { UsageError } from './exit.ts';
import { isoTime, printRecord, printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
  type StorageFlags,
} from './storage-options.ts';

const tokenRow = (c: Credential) => ({
  id: c.id,
  name: c.name,
  role: c.role,
  group: c.groupId,
  prefix: c.prefix,
  created: isoTime(c.createdAt),
  revoked: isoTime(c.revokedAt),
});

export function tokenCommands() {
  const token = new Command('token').description('API tokens (Bearer): create, list, revoke');
  token.addCommand(
    storageCommand('create')
      .description('Create a token and print it once')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
      .option('--group <id>', 'group the token sees (with its subtree); default the root group')
      .option('--json', 'print the token as JSON, its secret under "secret"')
      .action(async (o: { name: string; role: string; group?: string; json?: boolean } & StorageFlags) => {
        if (!ROLES.includes(o.role as Role))
          throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
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
          printRecord({ ...tokenRow(c), secret }, o.json, secret);
        });
      }),
  );
  token.addCommand(
    storageCommand('list')
      .description('List tokens (never their secrets)')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean } & StorageFlags) => {
        await withExistingStorage(o, async (storage) => {
          const rows = (await storage.listCredentials('/')).filter((c) => c.kind === 'token').map(tokenRow);
          printRows(rows, o.json);
        });
      }),
  );
  token.addCommand(
    storageCommand('revoke')
      .description('Revoke a token; it stops working at once')
      .argument('<id>', 'token id (from `token list`)')
      .action(async (id: string, o: StorageFlags) => {
        await withStorage(o, async (storage) => {
          if (!(await storage.revokeCredential(intOption(id, 'id')!, '/')))
            throw new Error(`no live token ${id}`);
          console.log(`revoked token ${id}`);
        });
      }),
  );
  return token;
}
