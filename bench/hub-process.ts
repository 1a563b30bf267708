import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
 * hubs started with one `token` accept it (the first start creates it, the others find it).
 */
export async function startHubProcess(databaseUrl: string, token: string): Promise<HubProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TRACKWAY_ADMIN_TOKEN: token,
      TRACKWAY_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
    token,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const benchToken = () => `bench-${randomBytes(16).toString('hex')}`;
