import { Command } from 'commander';
import type { Group } from '../model/records.ts';
import { printRecord, printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
  type StorageFlags,
} from './storage-options.ts';

const groupRow = (g: Group) => ({
  id: g.id,
  parent: g.parentId,
  name: g.name,
  path: g.path,
  unknownDevices: g.unknownDevices,
});

export function groupCommands() {
  const group = new Command('group').description('Groups: the tree that scopes devices, tokens and sources');
  group.addCommand(
    storageCommand('list')
      .description('List every group')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean } & StorageFlags) => {
        await withExistingStorage(o, async (storage) => {
          printRows((await storage.listGroups('/')).map(groupRow), o.json);
        });
      }),
  );
  group.addCommand(
    storageCommand('add')
      .description('Add a group')
      .requiredOption('--name <name>', 'group name')
      .option('--parent <id>', 'parent group; default the root group')
      .option('--reject-unknown', 'reject records from unknown devices instead of creating them')
      .option('--json', 'print the new group as JSON')
      .action(
        async (
          o: { name: string; parent?: string; rejectUnknown?: boolean; json?: boolean } & StorageFlags,
        ) => {
          await withStorage(o, async (storage) => {
            const parentId = await defaultGroupId(storage, intOption(o.parent, '--parent'));
            const g = await storage.createGroup({
              parentId,
              name: o.name,
              unknownDevices: o.rejectUnknown ? 'reject' : 'create',
            });
            printRecord(groupRow(g), o.json, `group ${g.id} ${g.path} ${g.name}`);
          });
        },
      ),
  );
  return group;
}
