import { storageCommand } from './storage-options.ts';
import { loadConfig } from '../config/config.ts';
import { openStorage } from '../storage/open.ts';
import { storageExtensions } from '../vendors/registry.ts';

export function migrateCommand() {
  return storageCommand('migrate')
    .description('Apply pending schema migrations (serve does this too) and list what was applied')
    .action(async (options: { dataDir?: string }) => {
      const storage = await openStorage(loadConfig({ dataDir: options.dataDir }), {
        migrate: false,
        extensions: storageExtensions,
      });
      try {
        const { applied } = await storage.migrate();
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      } finally {
        await storage.close();
      }
    });
}
