import { Command } from 'commander';
import { printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
} from './storage-options.ts';

export function deviceTypeCommands() {
  const type = new Command('device-type').description(
    'Device types: keep-alive, payload decoding, callbacks',
  );
  type.addCommand(
    storageCommand('list')
      .description('List device types')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean; dataDir?: string }) => {
        await withExistingStorage(o, async (storage) => {
          const rows = (await storage.listDeviceTypes('/')).map((t) => ({
            id: t.id,
            group: t.groupId,
            name: t.name,
            keepAlive: t.keepAlive,
            payloadType: t.payloadType,
          }));
          printRows(rows, o.json);
        });
      }),
  );
  type.addCommand(
    storageCommand('add')
      .description('Add a device type')
      .requiredOption('--name <name>', 'type name')
      .option('--group <id>', 'owning group; default the root group')
      .option('--description <text>', 'description', '')
      .option('--keep-alive <minutes>', 'silence threshold in minutes (0 = off)', '0')
      .action(
        async (o: {
          name: string;
          group?: string;
          description: string;
          keepAlive: string;
          dataDir?: string;
        }) => {
          const keepAlive = Number(o.keepAlive);
          if (!Number.isInteger(keepAlive) || keepAlive < 0)
            throw new Error('--keep-alive must be 0 or more minutes');
          await withStorage(o, async (storage) => {
            const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
            const t = await storage.createDeviceType({
              groupId,
              name: o.name,
              description: o.description,
              keepAlive,
            });
            console.log(`device type ${t.id} ${t.name}`);
          });
        },
      ),
  );
  return type;
}
