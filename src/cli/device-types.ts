import { Command } from 'commander';
import type { DeviceType } from '../model/records.ts';
import { UsageError } from './exit.ts';
import { printRecord, printRows } from './output.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  withStorage,
  type StorageFlags,
} from './storage-options.ts';

const typeRow = (t: DeviceType) => ({
  id: t.id,
  group: t.groupId,
  name: t.name,
  keepAlive: t.keepAlive,
  payloadType: t.payloadType,
});

export function deviceTypeCommands() {
  const type = new Command('device-type').description(
    'Device types: keep-alive, payload decoding, callbacks',
  );
  type.addCommand(
    storageCommand('list')
      .description('List device types')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean } & StorageFlags) => {
        await withExistingStorage(o, async (storage) => {
          printRows((await storage.listDeviceTypes('/')).map(typeRow), o.json);
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
      .option('--json', 'print the new device type as JSON')
      .action(
        async (
          o: {
            name: string;
            group?: string;
            description: string;
            keepAlive: string;
            json?: boolean;
          } & StorageFlags,
        ) => {
          const keepAlive = Number(o.keepAlive);
          if (!Number.isInteger(keepAlive) || keepAlive < 0)
            throw new UsageError('--keep-alive must be 0 or more minutes');
          await withStorage(o, async (storage) => {
            const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
            const t = await storage.createDeviceType({
              groupId,
              name: o.name,
              description: o.description,
              keepAlive,
            });
            printRecord(typeRow(t), o.json, `device type ${t.id} ${t.name}`);
          });
        },
      ),
  );
  return type;
}
