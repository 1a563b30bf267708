/**
 * Stops `what` on the first SIGINT or SIGTERM, then exits: 0 once stopped, 1 when stopping failed. A second
 * signal while stopping is ignored: stopping removes what it started (ports, temporary data) and must finish.
 */
export function stopOnSignal(what: { stop(): Promise<void> }, say: (line: string) => void): void {
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    say(`${signal}: stopping`);
    what.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`stopping failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
