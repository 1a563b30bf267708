import { Command } from 'commander';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { ROLES, type Role } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import type { User, UserPatch } from '../storage/users.ts';
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

const userRow = (u: User) => ({
  id: u.id,
  login: u.login,
  name: u.name,
  role: u.role,
  group: u.groupId,
  created: isoTime(u.createdAt),
  disabled: isoTime(u.disabledAt),
});

/**
 * The password to set: TRACKWAY_USER_PASSWORD when given (so it never shows in a process list), else a generated
 * one that is printed once.
 */
async function newPassword(): Promise<{ hash: string; shown: string | null }> {
  const given = process.env.TRACKWAY_USER_PASSWORD;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`TRACKWAY_USER_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const password = given ?? generatePassword();
  return { hash: await hashPassword(password), shown: given === undefined ? password : null };
}

async function update(storage: Storage, id: string, patch: UserPatch) {
  const user = await storage.users.updateUser(intOption(id, 'id')!, '/', patch);
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

export function userCommands() {
  const user = new Command('user').description(
    'Web users (login and password): create, list, disable, password',
  );
  user.addCommand(
    storageCommand('create')
      .description('Create a user; the password is TRACKWAY_USER_PASSWORD, else generated and printed once')
      .requiredOption('--login <login>', 'what the user signs in with')
      .option('--name <name>', 'display name (default the login)')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
      .option('--group <id>', 'group the user sees (with its subtree); default the root group')
      .option('--json', 'print the user as JSON, a generated password under "password"')
      .action(
        async (
          o: { login: string; name?: string; role: string; group?: string; json?: boolean } & StorageFlags,
        ) => {
          if (!ROLES.includes(o.role as Role))
            throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
          await withStorage(o, async (storage) => {
            const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
            if (await storage.users.findLogin(o.login)) throw new Error(`the login "${o.login}" is taken`);
            const password = await newPassword();
            const u = await storage.users.createUser({
              groupId,
              login: o.login,
              name: o.name,
              role: o.role as Role,
              passwordHash: password.hash,
            });
            if (o.json) {
              printRecord({ ...userRow(u), password: password.shown }, true, '');
              return;
            }
            console.error(`user ${u.id} "${u.login}" (${u.role}, group ${u.groupId})`);
            if (password.shown) {
              console.error('password (shown once):');
              console.log(password.shown);
            }
          });
        },
      ),
  );
  user.addCommand(
    storageCommand('list')
      .description('List users (never their passwords)')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean } & StorageFlags) => {
        await withExistingStorage(o, async (storage) => {
          printRows((await storage.users.listUsers('/')).map(userRow), o.json);
        });
      }),
  );
  user.addCommand(
    storageCommand('password')
      .description(
        'Set a new password (TRACKWAY_USER_PASSWORD, else generated and printed once); ends sessions',
      )
      .argument('<id>', 'user id (from `user list`)')
      .action(async (id: string, o: StorageFlags) => {
        await withStorage(o, async (storage) => {
          const password = await newPassword();
          const u = await update(storage, id, { passwordHash: password.hash });
          console.error(`new password for "${u.login}"${password.shown ? ' (shown once):' : ' set'}`);
          if (password.shown) console.log(password.shown);
        });
      }),
  );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user.addCommand(
      storageCommand(name)
        .description(disabled ? 'Disable a user; its sessions end at once' : 'Enable a disabled user again')
        .argument('<id>', 'user id (from `user list`)')
        .option('--json', 'print the user as JSON')
        .action(async (id: string, o: { json?: boolean } & StorageFlags) => {
          await withStorage(o, async (storage) => {
            const u = await update(storage, id, { disabled });
            printRecord(userRow(u), o.json, `${name}d user ${u.id} "${u.login}"`);
          });
        }),
    );
  }
  return user;
}
