import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { FILE_VENDOR } from '../formats/import/file-item.ts';
import { formatOfFile, IMPORT_FORMATS, isImportFormat } from '../formats/import/formats.ts';
import { EXIT, UsageError } from './exit.ts';
import {
  defaultGroupId,
  intOption,
  storageCommand,
  withStorage,
  type StorageFlags,
} from './storage-options.ts';

interface ImportOptions extends StorageFlags {
  group?: string;
  format?: string;
  device?: string;
  showRejected: string;
}

export function importCommand() {
  return storageCommand('import')
    .description(
      'Import files of positions: GPX, KML, GeoJSON, CSV and NDJSON records (the ingest API format); ' +
        're-importing stores nothing twice',
    )
    .argument(
      '<files...>',
      'files to import; the format comes from the extension (.gpx, .kml, .geojson/.json, .csv, .ndjson/.jsonl)',
    )
    .option('--format <name>', `read every file as this format (${IMPORT_FORMATS.join(', ')})`)
    .option(
      '--device <id>',
      `device of the points of a file that names none (GPX, KML; CSV and GeoJSON without a device column or property): its external id under vendor "${FILE_VENDOR}"; ` +
        'default the file name without extension',
    )
    .option('--group <id>', 'group that unknown devices and places are created in; default the root group')
    .option('--show-rejected <n>', 'print at most this many problems per file', '20')
    .action(async (files: string[], o: ImportOptions) => {
      if (!/^\d+$/.test(o.showRejected)) throw new UsageError('--show-rejected must be a whole number');
      const showLimit = Number(o.showRejected);
      if (o.format && !isImportFormat(o.format)) {
        throw new UsageError(`unknown format "${o.format}"; known: ${IMPORT_FORMATS.join(', ')}`);
      }
      for (const file of files) {
        if (!o.format && !formatOfFile(file)) {
          throw new UsageError(`cannot tell the format of ${file} from its extension; give --format`);
        }
      }
      // Loaded on use, so that --help and the other commands start without the file readers and the pipeline.
      const [{ SingleBar, Presets }, { READERS }, { runImport }, { Pipeline }] = await Promise.all([
        import('cli-progress'),
        import('../formats/import/readers.ts'),
        import('../formats/import/run-import.ts'),
        import('../pipeline/pipeline.ts'),
      ]);
      await withStorage(o, async (storage) => {
        const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
        const group = (await storage.getGroup(groupId))!;
        const pipeline = new Pipeline(storage);
        for (const file of files) {
          const format = o.format ?? formatOfFile(file)!;
          const size = statSync(file).size;
          const bar = new SingleBar(
            {
              format: `${file} [{bar}] {percentage}% | {value}/{total} bytes | {records} records`,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(size, 0, { records: 0 });
          const stream = createReadStream(file);
          const device = {
            vendor: FILE_VENDOR,
            externalId: o.device ?? basename(file).replace(/\.[^.]+$/, ''),
          };
          const report = await runImport(
            READERS[format]!(stream, { device }),
            { pipeline, storage },
            {
              groupId,
              scopePath: group.path,
              sourceId: null,
              unknownDevices: group.unknownDevices,
              receivedTime: Date.now(),
            },
            (r) =>
              bar.update(stream.bytesRead, { records: r.accepted + r.merged + r.duplicate + r.rejected }),
          );
          bar.update(size);
          bar.stop();
          const extra = [
            report.merged ? `${report.merged} merged into stored positions` : '',
            report.skipped ? `${report.skipped} skipped` : '',
            report.placesCreated + report.placesExisting
              ? `${report.placesCreated} places created, ${report.placesExisting} places already there`
              : '',
          ].filter(Boolean);
          console.log(
            `${file}: ${report.accepted} accepted, ${report.duplicate} duplicate, ${report.rejected} rejected` +
              (extra.length ? `, ${extra.join(', ')}` : ''),
          );
          for (const p of report.problems.slice(0, showLimit)) console.log(`  ${p}`);
          if (report.error) {
            console.log(`  error: ${report.error}`);
            process.exitCode = EXIT.failure;
          } else if (report.rejected && !process.exitCode) {
            process.exitCode = EXIT.rejected;
          }
        }
      });
    });
}
