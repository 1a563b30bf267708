import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientJob, ClientReply, ClientResult } from './client.ts';

/** No job of a bounded bench takes this long; past it the client is killed rather than left hanging. */
const JOB_TIMEOUT_MS = 10 * 60_000;

export interface ClientProcess {
  run(job: ClientJob): Promise<ClientResult>;
  stop(): void;
}

/**
 * A child process that runs load jobs one at a time, so the client's CPU (JSON, HTTP) is not charged to the hub's
 * event loop and the figures are what a separate sender would see. It stays up between jobs, so its own start
 * and JIT warm-up fall outside the timed rounds. It inherits `--import tsx` through execArgv.
 */
export function startClientProcess(): ClientProcess {
  const child = fork(fileURLToPath(new URL('./client.ts', import.meta.url)), { stdio: 'inherit' });
  return {
    run(job) {
      return new Promise<ClientResult>((resolve, reject) => {
        const done = (settle: () => void) => {
          clearTimeout(timer);
          child.off('message', onReply).off('exit', onExit);
          settle();
        };
        const onReply = (reply: ClientReply) =>
          done(() => (reply.ok ? resolve(reply.result) : reject(new Error(`bench client: ${reply.error}`))));
        const onExit = (code: number | null) =>
          done(() => reject(new Error(`bench client exited with code ${code} during a ${job.kind} job`)));
        const timer = setTimeout(() => {
          child.kill();
          reject(new Error(`bench client did not finish its ${job.kind} job in ${JOB_TIMEOUT_MS / 1000} s`));
        }, JOB_TIMEOUT_MS);
        child.on('message', onReply).on('exit', onExit);
        child.send(job);
      });
    },
    stop: () => child.disconnect(),
  };
}
