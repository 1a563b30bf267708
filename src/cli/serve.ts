import { Command } from 'commander';
import { cliConfig, withStorageOptions, type StorageFlags } from './storage-options.ts';
import type { ConfigFlags } from '../config/config.ts';

/** How often a hub started by npm checks that npm's shell still runs. */
const LAUNCHER_CHECK_MS = 500;

export function serveCommand() {
  return withStorageOptions(
    new Command('serve').description('Start the hub: API, receivers, connectors, live stream'),
  )
    .option('--host <host>', 'address to listen on (env TRACKWAY_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (env TRACKWAY_PORT, default 8080; 0 picks a free one)')
    .option(
      '--osmand-port <port>',
      'also serve the OsmAnd receiver on this port, e.g. 5055 (env TRACKWAY_OSMAND_PORT)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace (env TRACKWAY_LOG_LEVEL)')
    .action(async (flags: StorageFlags & ConfigFlags) => {
      const config = cliConfig(flags);
      // Loaded here, not at the top: every other command (and --help) starts without the server's modules.
      const { startHub } = await import('../main.ts');
      const hub = await startHub(config);
      // Handlers before the announcement: whoever reads the URL may signal at once, and the port is open.
      let signalled = false;
      const shutdown = (signal: string) => {
        if (signalled) return;
        signalled = true;
        console.error(`${signal}: finishing work in flight, then stopping`);
        hub.stop().then(
          () => process.exit(0),
          (err) => {
            console.error(`shutdown failed: ${(err as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      stopWithLauncher(() => shutdown('npm exited'));
      console.error(`Trackway listening on ${hub.url}`);
      for (const s of hub.services) if (s.url) console.error(`${s.name} listening on ${s.url}`);
      console.error(`Storage: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.databaseFile}`);
      if (hub.createdToken) {
        console.error(`Admin API token (shown once, keep it safe): ${hub.createdToken}`);
      }
      if (hub.createdPassword) {
        console.error(
          `Web sign-in: user "admin", password (shown once, keep it safe): ${hub.createdPassword}`,
        );
      }
    });
}

/**
 * npm (`npx trackway serve`, `npm start`) runs the hub under `sh -c`; a SIGTERM to npm ends that shell without
 * passing the signal on, which would leave the hub running as an orphan. So a hub started by npm stops in order,
 * as on SIGTERM, once the shell that started it is gone (its parent changes).
 */
function stopWithLauncher(stop: () => void): void {
  if (!process.env.npm_command) return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(timer);
    stop();
  }, LAUNCHER_CHECK_MS);
  timer.unref();
}
