import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root and the CLI entry point, found from this file so the tests run from any directory. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'trackway.js');

/** A preset admin token, so most tests need not read it from the server's output. */
export const ADMIN_TOKEN = 'tw_e2e-admin-token-0123456789abcdef';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

/** A fresh temporary directory; `removeTempDir` deletes it. */
export function makeTempDir(prefix = 'trackway-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

export interface ServerOptions {
  /** Data directory; default a new temporary one, removed by `stop({ keepData: false })` or `dispose()`. */
  dataDir?: string;
  /** Extra environment; a key set to undefined is removed from the inherited environment. */
  env?: Record<string, string | undefined>;
  /** Arguments after `serve`; default `--port 0 --data-dir <dataDir>`. */
  args?: string[];
  /** Preset admin token (TRACKWAY_ADMIN_TOKEN); null starts without one. Default ADMIN_TOKEN. */
  adminToken?: string | null;
  /** Working directory of the server; default the project root. */
  cwd?: string;
  /** Node options before the entry point, e.g. `--import` of a test preload. */
  nodeArgs?: string[];
  /** How long to wait for the URL before giving up; default 20 s. */
  startTimeoutMs?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Everything the server wrote to stderr so far: the place to look when a test fails. */
  stderr(): string;
  stdout(): string;
  /** Resolves with the first match of `pattern` in stderr, waiting up to `timeoutMs` for it to appear. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends SIGTERM to this server's pid and waits for it to exit. */
  stop(): Promise<ExitStatus>;
  /** Stops the server if it runs and removes the data directory if this helper created it. */
  dispose(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<ExitStatus>;
}

/** Environment for a child: the parent's, minus TRACKWAY_* (so the machine's settings cannot leak in), plus `env`. */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('TRACKWAY_') && k !== 'DATABASE_URL') out[k] = v;
  }
  out.TRACKWAY_LOG_LEVEL = 'warn';
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * Starts `trackway serve` as a child process on 127.0.0.1 and resolves once it prints its URL. Fails with the
 * server's stderr if it exits or stays silent first.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir());
  const adminToken = options.adminToken === undefined ? ADMIN_TOKEN : options.adminToken;
  const args = options.args ?? ['--port', '0', '--data-dir', dataDir];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'serve', ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv({ TRACKWAY_ADMIN_TOKEN: adminToken ?? undefined, ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<ExitStatus>((res) =>
    child.once('close', (code, signal) => res({ code, signal })),
  );
  let running = true;
  void exited.then(() => (running = false));

  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const listening = new Promise<string>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`server did not print its URL within ${startTimeoutMs} ms; stderr:\n${stderr}`));
    }, startTimeoutMs);
    const onData = () => {
      const m = /Trackway listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        res(m[1]!);
      }
    };
    child.stderr!.on('data', onData);
    void exited.then((s) => {
      clearTimeout(timer);
      rej(new Error(`server exited (${s.code ?? s.signal}) before listening; stderr:\n${stderr}`));
    });
  });
  let url: string;
  try {
    url = await listening;
  } catch (err) {
    await exited;
    if (ownDir) await removeTempDir(dataDir);
    throw err;
  }

  const stop = async (): Promise<ExitStatus> => {
    if (running) {
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => {
        if (running) process.kill(child.pid!, 'SIGKILL');
      }, STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };
  return {
    url,
    pid: child.pid!,
    dataDir,
    stderr: () => stderr,
    stdout: () => stdout,
    async waitForStderr(pattern, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(stderr);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`stderr never matched ${pattern}; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop,
    exited,
    async dispose() {
      await stop();
      if (ownDir) await removeTempDir(dataDir);
    },
  };
}

/** A free TCP port on 127.0.0.1 at the time of asking (for tests of the port setting). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as import('node:net').AddressInfo;
      srv.close(() => res(port));
    });
  });
}
