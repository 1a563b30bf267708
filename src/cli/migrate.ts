import { storageCommand } from './storage-options.ts';
import { loadConfig } from '../config/config.ts';
import { openHubStorage } from './open-storage.ts';

export function migrateCommand() {
  return storageCommand('migrate')
    .description('Apply pending schema migrations (serve does this too) and list what was applied')
    .action(async (options: { dataDir?: string }) => {
      const storage = await openHubStorage(loadConfig({ dataDir: options.dataDir }), { migrate: false });
      try {
        const { applied } = await storage.migrate();
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      } finally {
        await storage.close();
      }
    });
}
