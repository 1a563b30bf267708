import { SingleBar, Presets } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ingestValues } from '../formats/native/ingest-values.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { defaultGroupId, intOption, storageCommand, withStorage } from './storage-options.ts';

const BATCH = 1000;

interface Totals {
  accepted: number;
  duplicate: number;
  rejected: number;
}

export function importCommand() {
  return storageCommand('import')
    .description('Import NDJSON files of records (the ingest API format); re-importing stores nothing twice')
    .argument('<files...>', 'NDJSON files, one record per line')
    .option('--group <id>', 'group that unknown devices are created in; default the root group')
    .option('--show-rejected <n>', 'print at most this many rejected lines', '20')
    .action(async (files: string[], o: { group?: string; showRejected: string; dataDir?: string }) => {
      const showLimit = Number(o.showRejected);
      await withStorage(o, async (storage) => {
        const groupId = await defaultGroupId(storage, intOption(o.group, '--group'));
        const group = (await storage.getGroup(groupId))!;
        const pipeline = new Pipeline(storage);
        const context = () => ({
          groupId,
          scopePath: group.path,
          sourceId: null,
          unknownDevices: group.unknownDevices,
          receivedTime: Date.now(),
        });
        let shown = 0;
        for (const file of files) {
          const size = statSync(file).size;
          const bar = new SingleBar(
            {
              format: `${file} [{bar}] {percentage}% | {value}/{total} bytes | {records} records`,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(size, 0, { records: 0 });
          const totals: Totals = { accepted: 0, duplicate: 0, rejected: 0 };
          const rejected: string[] = [];
          const stream = createReadStream(file);
          let bytes = 0;
          stream.on('data', (chunk) => {
            bytes += chunk.length;
          });
          let values: unknown[] = [];
          let lines: number[] = [];
          let lineNo = 0;
          const flush = async () => {
            if (!values.length) return;
            const summary = await ingestValues(pipeline, values, context());
            totals.accepted += summary.accepted;
            totals.duplicate += summary.duplicate;
            totals.rejected += summary.rejected;
            for (const r of summary.results) {
              if (r.status === 'rejected') rejected.push(`line ${lines[r.index]}: ${r.code}: ${r.reason}`);
            }
            values = [];
            lines = [];
            bar.update(bytes, { records: totals.accepted + totals.duplicate + totals.rejected });
          };
          for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
            lineNo++;
            if (!line.trim()) continue;
            try {
              values.push(JSON.parse(line));
            } catch {
              values.push({ lineError: 'not valid JSON' });
            }
            lines.push(lineNo);
            if (values.length >= BATCH) await flush();
          }
          await flush();
          bar.update(size);
          bar.stop();
          console.log(
            `${file}: ${totals.accepted} accepted, ${totals.duplicate} duplicate, ${totals.rejected} rejected`,
          );
          for (const r of rejected) if (shown++ < showLimit) console.log(`  ${r}`);
          if (totals.rejected) process.exitCode = 2;
        }
      });
    });
}
