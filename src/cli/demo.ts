import { Command } from 'commander';
import { portOption } from './port-option.ts';
import { stopOnSignal } from './stop-on-signal.ts';

export function demoCommand() {
  return new Command('demo')
    .description(
      'Run the hub with fake clouds of every vendor, simulated devices and phones, on a temporary data directory ' +
        '(removed at exit), and print a signed-in link to the web app',
    )
    .option('--port <port>', "the hub's port on 127.0.0.1 (default: a free one)", '0')
    .option('--fast', "run every vendor's rate limits and devices 50 times faster")
    .action(async (flags: { port: string; fast?: boolean }) => {
      const port = portOption(flags.port);
      // Loaded here, not at the top: other commands (and --help) start without the hub's modules.
      const { startDemo } = await import('../demo/run-demo.ts');
      const start = Date.now();
      const say = (line: string) => console.log(`[${Math.round((Date.now() - start) / 1000)}s] ${line}`);
      console.log(
        flags.fast
          ? 'Fast mode: every vendor limit and device runs 50 times faster than the vendor documents.'
          : "Vendor limits as documented: SPOT allows one request per feed every 150 s, so SPOT's new messages " +
              'arrive slowly; run "trackway demo --fast" to see everything within a minute.',
      );
      const starting = startDemo({ port, fast: flags.fast === true, say });
      // Handlers before start-up ends: a Ctrl-C while the clouds start still removes the temporary data.
      stopOnSignal(starting, say);
      const demo = await starting;
      console.log('');
      console.log(`Web app: ${demo.url}`);
      console.log(`Signed-in link (works once, for 10 minutes): ${demo.signInUrl}`);
      console.log(`API token (admin): ${demo.token}`);
      console.log(`Data directory (removed at exit): ${demo.dataDir}`);
      console.log('Ctrl-C stops the demo and removes its data.');
      console.log('');
    });
}
