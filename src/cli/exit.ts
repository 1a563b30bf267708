import { CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';

/** Exit statuses of every command (README, Command line). */
export const EXIT = {
  ok: 0,
  /** The command could not do its work: a database that cannot be opened, a record not found… */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing argument, invalid value. */
  usage: 2,
  /** `import` stored what it could, but some records were rejected. */
  rejected: 3,
} as const;

/** A value given on the command line (or in the config) that the command cannot take. */
export class UsageError extends Error {}

/** The reader of standard output went away (`trackway export … | head`): a normal end, not a failure. */
export function isClosedPipe(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EPIPE';
}

/** The exit status for an error that ended a command; commander has printed its own errors already. */
export function exitStatusOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof UsageError || err instanceof ConfigError) return EXIT.usage;
  return EXIT.failure;
}
