import { Command } from 'commander';
import { VERSION } from '../lib/version.ts';
import { copyCommand } from './copy.ts';
import { demoCommand } from './demo.ts';
import { deviceCommands } from './devices.ts';
import { deviceTypeCommands } from './device-types.ts';
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
    'Self-hosted tracking hub. Every command works on the data directory (or DATABASE_URL) directly.',
  )
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(copyCommand())
  .addCommand(tokenCommands())
  .addCommand(userCommands())
  .addCommand(groupCommands())
  .addCommand(deviceTypeCommands())
  .addCommand(deviceCommands())
  .addCommand(importCommand())
  .addCommand(exportCommand())
  .addCommand(demoCommand())
  .addCommand(sandboxCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`trackway: ${(err as Error).message}`);
  process.exitCode = 1;
}
