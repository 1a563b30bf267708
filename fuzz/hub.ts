import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This checkout's CLI; another one (an older build, for a baseline) can be given instead. */
export const BIN = fileURLToPath(new URL('../bin/trackway.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface FuzzHub {
  url: string;
  pid: number;
  token: string;
  /** Resident set size of the hub process now, in bytes. */
  rss(): number;
  /** Set once the process has ended, with how. */
  exit: { code: number | null; signal: string | null } | null;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * `trackway serve` on SQLite in `dataDir`, as a process of its own, so that its memory and crashes are its own.
 * `nodeOptions` go to that process's Node (a heap or CPU profile of the hub under fuzzing).
 */
export async function startFuzzHub(
  dataDir: string,
  bodyLimit: number,
  bin = BIN,
  nodeOptions: readonly string[] = [],
): Promise<FuzzHub> {
  const token = `tw_fuzz-${randomBytes(16).toString('hex')}`;
  const child = spawn(
    process.execPath,
    [...nodeOptions, bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        TRACKWAY_ADMIN_TOKEN: token,
        TRACKWAY_LOG_LEVEL: 'fatal',
        TRACKWAY_BODY_LIMIT: String(bodyLimit),
        // Most generated requests carry a wrong credential: with the guessing limit on, nearly all would be
        // answered 429 before reaching a parser (703,377 of 1,000,000 in one run). Off, so the parsers are fuzzed.
        TRACKWAY_AUTH_FAILURES: '0',
        TRACKWAY_AUTH_FAILURES_PER_LOGIN: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const hub: FuzzHub = {
    url: '',
    pid: child.pid!,
    token,
    exit: null,
    rss: () => residentBytes(child.pid!),
    stderr: () => stderr,
    async stop() {
      if (hub.exit) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      hub.exit = { code, signal };
      resolve();
    }),
  );
  hub.url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${stderr}`)), START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      // Only the start and a crash's last words are of interest: keep the text bounded.
      stderr = (stderr + chunk).slice(-20_000);
      const m = /Trackway listening on (http:\/\/\S+)/.exec(stderr);
      if (m && !hub.url) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`hub exited before listening:\n${stderr}`));
    });
  });
  return hub;
}

/** VmRSS of a process (Linux), or 0 where /proc is not there. */
function residentBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
