import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/trackway.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface HubProcess {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * `trackway serve` as a process of its own, on PostgreSQL, as a deployment with several processes runs it. All
 * hubs started with one `token` accept it (the first start creates it, the others find it). With
 * `cpuProfileDir`, each writes a CPU profile there when it stops.
 */
export function startHubProcess(
  databaseUrl: string,
  token: string,
  cpuProfileDir?: string,
): Promise<HubProcess> {
  const node = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  return spawnHub([], { DATABASE_URL: databaseUrl, TRACKWAY_ADMIN_TOKEN: token }, node);
}

export interface SqliteHubProcess extends HubProcess {
  databaseFile: string;
}

/**
 * `trackway serve` on SQLite in `dataDir`, in a process of its own: its CPU, memory and event loop are the
 * hub's alone, not shared with the bench's baselines. With `cpuProfileDir`, Node writes a CPU profile of the
 * hub there when it stops (`--cpu-prof`), for Chrome DevTools or speedscope.
 */
export async function startSqliteHubProcess(
  dataDir: string,
  token: string,
  cpuProfileDir?: string,
): Promise<SqliteHubProcess> {
  const node = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  // DATABASE_URL is blanked so that a PostgreSQL setting in the caller's environment cannot switch storage.
  const hub = await spawnHub(
    ['--data-dir', dataDir],
    { DATABASE_URL: '', TRACKWAY_ADMIN_TOKEN: token },
    node,
  );
  return { ...hub, databaseFile: join(dataDir, 'trackway.db') };
}

async function spawnHub(
  args: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<HubProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      env: { ...process.env, ...env, TRACKWAY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${stderr}`)), START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const m = /Trackway listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`hub exited before listening:\n${stderr}`));
    });
  });
  return {
    url,
    token: env.TRACKWAY_ADMIN_TOKEN!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const benchToken = () => `bench-${randomBytes(16).toString('hex')}`;
