import { spawn } from 'node:child_process';
import { BIN, childEnv, ROOT } from './server.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI_TIMEOUT_MS = 30_000;

/** Runs `trackway <args>` as a child process and collects its output; never throws on a non-zero exit. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`trackway ${args.join(' ')} ran over ${CLI_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

/** Like runCli, but fails with the command's output unless it exits 0. */
export async function cliOk(args: string[], options?: Parameters<typeof runCli>[1]): Promise<CliResult> {
  const r = await runCli(args, options);
  if (r.code !== 0) {
    throw new Error(
      `trackway ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
    );
  }
  return r;
}
