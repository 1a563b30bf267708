import { openHubStorage } from './open-storage.ts';
import { printRecord } from './output.ts';
import { cliConfig, storageCommand, type StorageFlags } from './storage-options.ts';

export function migrateCommand() {
  return storageCommand('migrate')
    .description('Apply pending schema migrations (serve does this too) and list what was applied')
    .option('--json', 'print {"applied": [names]} as JSON')
    .action(async (options: { json?: boolean } & StorageFlags) => {
      const storage = await openHubStorage(cliConfig(options), { migrate: false });
      try {
        const { applied } = await storage.migrate();
        printRecord(
          { applied },
          options.json,
          applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date',
        );
      } finally {
        await storage.close();
      }
    });
}
