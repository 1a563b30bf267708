import { Command } from 'commander';
import { printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
} from './storage-options.ts';

export function groupCommands() {
  const group = new Command('group').description('Groups: the tree that scopes devices, tokens and sources');
  group.addCommand(
    storageCommand('list')
      .description('List every group')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean; dataDir?: string }) => {
        await withExistingStorage(o, async (storage) => {
          const rows = (await storage.listGroups('/')).map((g) => ({
            id: g.id,
            parent: g.parentId,
            name: g.name,
            path: g.path,
            unknownDevices: g.unknownDevices,
          }));
          printRows(rows, o.json);
        });
      }),
  );
  group.addCommand(
    storageCommand('add')
      .description('Add a group')
      .requiredOption('--name <name>', 'group name')
      .option('--parent <id>', 'parent group; default the root group')
      .option('--reject-unknown', 'reject records from unknown devices instead of creating them')
      .action(async (o: { name: string; parent?: string; rejectUnknown?: boolean; dataDir?: string }) => {
        await withStorage(o, async (storage) => {
          const parentId = await defaultGroupId(storage, intOption(o.parent, '--parent'));
          const g = await storage.createGroup({
            parentId,
            name: o.name,
            unknownDevices: o.rejectUnknown ? 'reject' : 'create',
          });
          console.log(`group ${g.id} ${g.path} ${g.name}`);
        });
      }),
  );
  return group;
}
