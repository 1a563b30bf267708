import { Command } from 'commander';
import type { Device, ExternalId } from '../model/records.ts';
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

function deviceRow(d: Device) {
  const p = d.latestPosition;
  return {
    id: d.id,
    group: d.groupId,
    name: d.name,
    externalIds: d.externalIds.map((e) => `${e.vendor}:${e.externalId}`).join(' '),
    lastFix: isoTime(p?.fixTime),
    lat: p?.lat ?? null,
    lon: p?.lon ?? null,
  };
}

/** `vendor:externalId`, e.g. `spot:0-2508851`; the id itself may contain colons. */
function parseExternalId(text: string): ExternalId {
  const at = text.indexOf(':');
  if (at < 1 || at === text.length - 1)
    throw new UsageError(`--external-id must look like vendor:id, not "${text}"`);
  return { vendor: text.slice(0, at), externalId: text.slice(at + 1) };
}

export function deviceCommands() {
  const device = new Command('device').description('Devices and their external identities');
  device.addCommand(
    storageCommand('list')
      .description('List devices with their latest fix')
      .option('--json', 'print JSON')
      .action(async (o: { json?: boolean } & StorageFlags) => {
        await withExistingStorage(o, async (storage) => {
          const rows = [];
          let cursor: string | null = null;
          do {
            const page = await storage.listDevices({ scope: '/', cursor, limit: 500 });
            rows.push(...page.items.map(deviceRow));
            cursor = page.next;
          } while (cursor);
          printRows(rows, o.json);
        });
      }),
  );
  device.addCommand(
    storageCommand('add')
      .description('Add a device')
      .requiredOption('--name <name>', 'device name')
      .option('--group <id>', 'owning group; default the root group')
      .option('--type <id>', 'device type')
      .option('--external-id <vendor:id...>', 'identity at a vendor or app, e.g. osmand:123456 (repeatable)')
      .option('--json', 'print the new device as JSON')
      .action(
        async (
          o: {
            name: string;
            group?: string;
            type?: string;
            externalId?: string[];
            json?: boolean;
          } & StorageFlags,
        ) => {
          const externalIds = (o.externalId ?? []).map(parseExternalId);
          await withStorage(o, async (storage) => {
            const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
            const typeId = intOption(o.type, '--type');
            if (typeId !== undefined && !(await storage.getDeviceType(typeId)))
              throw new Error(`no device type ${typeId}`);
            if (externalIds.length && (await storage.resolveDevices(externalIds, null)).size) {
              throw new Error('an external id is already used by another device');
            }
            const d = await storage.createDevice({ groupId, name: o.name, typeId, externalIds });
            printRecord(deviceRow(d), o.json, `device ${d.id} ${d.name}`);
          });
        },
      ),
  );
  return device;
}
