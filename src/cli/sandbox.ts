import { Command } from 'commander';
import { portOption } from './port-option.ts';
import { stopOnSignal } from './stop-on-signal.ts';

export function sandboxCommand() {
  return new Command('sandbox')
    .description(
      "Run one vendor's cloud alone on 127.0.0.1, with its documented limits and simulated devices, to test a " +
        'client against (spot, sigfox, gps365, mix, followanalytics)',
    )
    .argument('<vendor>', 'the vendor whose cloud to run')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', '0')
    .action(async (name: string, flags: { port: string }) => {
      const port = portOption(flags.port);
      // Loaded here, not at the top: other commands (and --help) start without the vendors' modules.
      const { vendors } = await import('../vendors/index.ts');
      const withSandbox = vendors.filter((v) => v.sandbox);
      const vendor = withSandbox.find((v) => v.name === name.toLowerCase());
      if (!vendor?.sandbox) {
        throw new Error(`no sandbox for "${name}"; one of: ${withSandbox.map((v) => v.name).join(', ')}`);
      }
      const starting = vendor.sandbox.start({ port, speedUp: 1 });
      stopOnSignal(starting, (line) => console.log(line));
      const running = await starting;
      console.log(`${vendor.sandbox.title} sandbox listening on ${running.url}`);
      for (const line of running.howToConnect) console.log(`  ${line}`);
      console.log('Ctrl-C stops it.');
    });
}
