import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/trackway.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface SoakHub {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * `trackway serve` as a process of its own on a SQLite file in `dataDir`, so that its memory and event loop are
 * the hub's alone and the sender's work is not charged to it.
 */
export async function startSoakHub(dataDir: string): Promise<SoakHub> {
  const token = `soak-${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('TRACKWAY_') && k !== 'DATABASE_URL') env[k] = v;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
    {
      env: { ...env, TRACKWAY_ADMIN_TOKEN: token, TRACKWAY_LOG_LEVEL: 'warn' },
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
    token,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
