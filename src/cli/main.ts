import { Command, CommanderError } from 'commander';
import { VERSION } from '../lib/version.ts';
import { backupCommand } from './backup.ts';
import { copyCommand } from './copy.ts';
import { demoCommand } from './demo.ts';
import { deviceCommands } from './devices.ts';
import { deviceTypeCommands } from './device-types.ts';
import { exitStatusOf, isClosedPipe } from './exit.ts';
import { groupCommands } from './groups.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { sandboxCommand } from './sandbox.ts';
import { serveCommand } from './serve.ts';
import { tokenCommands } from './tokens.ts';
import { userCommands } from './users.ts';

const program = new Command('trackway')
  .version(VERSION, '-V, --version', 'print the version')
  .description(
    'Self-hosted tracking hub. Every command works on the data directory (or DATABASE_URL) directly. ' +
      'Exit status: 0 done, 1 failed, 2 wrong usage, 3 import with rejected records.',
  )
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(copyCommand())
  .addCommand(backupCommand())
  .addCommand(tokenCommands())
  .addCommand(userCommands())
  .addCommand(groupCommands())
  .addCommand(deviceTypeCommands())
  .addCommand(deviceCommands())
  .addCommand(importCommand())
  .addCommand(exportCommand())
  .addCommand(demoCommand())
  .addCommand(sandboxCommand());

// Every command, nested ones included: errors come back here (for the exit status) instead of ending the process.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
for (const c of everyCommand(program)) c.exitOverride().showHelpAfterError();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A reader that stops early (`trackway export … | head`) is a normal end. (console.log ignores a closed pipe.)
  if (!isClosedPipe(err)) {
    if (!(err instanceof CommanderError)) console.error(`trackway: ${(err as Error).message}`);
    process.exitCode = exitStatusOf(err);
  }
}
