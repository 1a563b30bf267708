import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ensureRoot } from '../auth/bootstrap.ts';
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

/**
 * For commands that only read: refuses a data directory without a database, rather than creating an empty one
 * and printing nothing (a mistyped `--data-dir` would look like an empty hub).
 */
export async function withExistingStorage<T>(
  options: { dataDir?: string },
  work: (s: Storage) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ dataDir: options.dataDir });
  if (!config.databaseUrl && !existsSync(config.databaseFile)) {
    throw new Error(
      `no database at ${config.databaseFile}: check --data-dir (or TRACKWAY_DATA_DIR); ` +
        '`trackway serve` and the commands that add data create it',
    );
  }
  return withStorage(options, work);
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
  // A fresh data directory gets its root group here, as `serve` makes it at first start.
  return (await ensureRoot(storage)).id;
}
