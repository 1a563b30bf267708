import { Option } from 'commander';
import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_KINDS, openExport, type ExportKind } from '../formats/export/open-export.ts';
import { EXPORT_FORMATS } from '../formats/export/writers.ts';
import { parseTime } from '../formats/native/parse-time.ts';
import type { Device } from '../model/records.ts';
import { UsageError } from './exit.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withExistingStorage,
  type StorageFlags,
} from './storage-options.ts';

interface ExportOptions extends StorageFlags {
  format: string;
  what: ExportKind;
  device: string[];
  group?: string;
  from?: string;
  to?: string;
  output?: string;
}

export function exportCommand() {
  return storageCommand('export')
    .description('Write the positions or trips of devices or a group over a time range as a file, streamed')
    .addOption(new Option('--format <name>', 'file format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .addOption(
      new Option('--what <kind>', 'positions, or the trips overlapping the range (each whole)')
        .choices(EXPORT_KINDS)
        .default('positions'),
    )
    .option(
      '--device <id>',
      'a device id (repeat for several); default every device of the group',
      collect,
      [],
    )
    .option('--group <id>', 'group whose devices (whole subtree) to export; default the root group')
    .option('--from <time>', 'inclusive, ISO 8601 with zone or epoch ms')
    .option('--to <time>', 'exclusive, ISO 8601 with zone or epoch ms')
    .option('--output <file>', 'write here instead of to standard output')
    .action(async (o: ExportOptions) => {
      const range = { from: time(o.from, '--from'), to: time(o.to, '--to') };
      await withExistingStorage(o, async (storage) => {
        let devices: Device[] = [];
        if (o.device.length) {
          for (const text of o.device) {
            const id = intOption(text, '--device')!;
            const device = await storage.getDevice(id);
            if (!device) throw new Error(`no device ${id}`);
            devices.push(device);
          }
        } else {
          const group = (await storage.getGroup(
            await defaultGroupId(storage, intOption(o.group, '--group')),
          ))!;
          let cursor: string | null = null;
          do {
            const page = await storage.listDevices({ scope: group.path, cursor, limit: 1000 });
            devices = devices.concat(page.items);
            cursor = page.next;
          } while (cursor);
        }
        const out: Writable = o.output ? createWriteStream(o.output) : process.stdout;
        // The command has every group's data, so trips are listed from the root.
        const file = openExport(storage, { what: o.what, format: o.format, scope: '/', devices, range });
        await pipeline(Readable.from(file.text), out, { end: Boolean(o.output) });
      });
    });
}

const collect = (value: string, previous: string[]) => [...previous, value];

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTime(/^-?\d+$/.test(value) ? Number(value) : value);
  if (typeof t === 'object') throw new UsageError(`${name}: ${t.error}`);
  return t;
}
