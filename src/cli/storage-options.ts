import { Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { openHubStorage } from './open-storage.ts';
import type { Storage } from '../storage/storage.ts';

/** A subcommand with `--data-dir`, which opens the configured storage for its action and closes it after. */
export function storageCommand(name: string): Command {
  return new Command(name).option(
    '--data-dir <dir>',
    'data directory (env TRACKWAY_DATA_DIR, default ./data)',
  );
}

export async function withStorage<T>(
  options: { dataDir?: string },
  work: (s: Storage) => Promise<T>,
): Promise<T> {
  const storage = await openHubStorage(loadConfig({ dataDir: options.dataDir }));
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** Reads a positive integer option, or fails with a message naming it. */
export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive whole number`);
  return Number(value);
}

/** The root group: the default for commands that take `--group`. */
export async function defaultGroupId(storage: Storage, given: number | undefined): Promise<number> {
  if (given !== undefined) {
    if (!(await storage.getGroup(given))) throw new Error(`no group ${given}`);
    return given;
  }
  const root = (await storage.listGroups('/')).find((g) => g.parentId === null);
  if (!root) throw new Error('no groups yet: run `trackway serve` once, or `trackway group add`');
  return root.id;
}
