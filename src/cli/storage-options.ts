import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ensureRoot } from '../auth/bootstrap.ts';
import { loadConfig, type Config, type ConfigFlags } from '../config/config.ts';
import { environmentWithFile } from '../config/config-file.ts';
import { UsageError } from './exit.ts';
import { openHubStorage } from './open-storage.ts';
import type { Storage } from '../storage/storage.ts';

/** The options every command that opens the database takes. */
export interface StorageFlags {
  config?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/** Adds the options that say where the settings and the database are. */
export function withStorageOptions(command: Command): Command {
  return command
    .option('--config <file>', 'settings file: KEY=value lines with the environment variables’ names')
    .option('--data-dir <dir>', 'data directory (env TRACKWAY_DATA_DIR, default ./data)')
    .option(
      '--database-url <url>',
      'PostgreSQL instead of SQLite (env DATABASE_URL; the environment or --config keep the password out of ps)',
    );
}

/** A subcommand with the storage options, which opens the configured storage for its action and closes it after. */
export function storageCommand(name: string): Command {
  return withStorageOptions(new Command(name));
}

/** The settings as flags, the environment and the config file give them, in that order of precedence. */
export function cliConfig(flags: StorageFlags & ConfigFlags): Config {
  return loadConfig(flags, environmentWithFile(flags.config));
}

export async function withStorage<T>(options: StorageFlags, work: (s: Storage) => Promise<T>): Promise<T> {
  return openAndRun(cliConfig(options), work);
}

async function openAndRun<T>(config: Config, work: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openHubStorage(config);
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
  options: StorageFlags,
  work: (s: Storage) => Promise<T>,
): Promise<T> {
  const config = cliConfig(options);
  if (!config.databaseUrl && !existsSync(config.databaseFile)) {
    throw new Error(
      `no database at ${config.databaseFile}: check --data-dir (or TRACKWAY_DATA_DIR); ` +
        '`trackway serve` and the commands that add data create it',
    );
  }
  return openAndRun(config, work);
}

/** Reads a positive integer option, or fails with a message naming it. */
export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${name} must be a positive whole number`);
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
