import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Opens the hub's storage as `serve` does, with every vendor's own tables. The database drivers and the vendors
 * are loaded here, on use, so that --help and the commands that need no database start without them.
 */
export async function openHubStorage(
  config: Pick<Config, 'databaseFile' | 'databaseUrl'>,
  options: { migrate?: boolean } = {},
): Promise<Storage> {
  const [{ openStorage }, { vendors }, { storageExtensionsOf }] = await Promise.all([
    import('../storage/open.ts'),
    import('../vendors/index.ts'),
    import('../vendors/vendor.ts'),
  ]);
  return openStorage(config, { ...options, extensions: storageExtensionsOf(vendors) });
}
