/**
 * Stops `what` on the first SIGINT or SIGTERM, then exits: 0 once stopped, 1 when stopping failed. `what` may still
 * be starting: a signal then stops it as soon as it has started, so that what it made (ports, temporary data) is
 * removed. A second signal while stopping is ignored, for the same reason.
 */
export function stopOnSignal(
  what: { stop(): Promise<void> } | Promise<{ stop(): Promise<void> }>,
  say: (line: string) => void,
): void {
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    say(`${signal}: stopping`);
    Promise.resolve(what)
      .then((started) => started.stop())
      .then(
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
