import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config/config.ts';
import { startHub } from '../src/main.ts';

export interface BenchHub {
  url: string;
  token: string;
  databaseFile: string;
  /** POSTs JSON to the native API as the admin; fails on an error status. */
  post<T = Record<string, never>>(path: string, body: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The real hub, in this process, on an ephemeral loopback port, with its SQLite file in `dataDir`. */
export async function startSqliteHub(dataDir: string): Promise<BenchHub> {
  const token = `bench-${randomBytes(16).toString('hex')}`;
  // DATABASE_URL is blanked so that a PostgreSQL setting in the caller's environment cannot switch storage.
  const env = { ...process.env, DATABASE_URL: '', TRACKWAY_ADMIN_TOKEN: token };
  // warn: request logs would interleave with the table; at info they add two lines per 1,000-row batch.
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'warn' }, env);
  const hub = await startHub(config);
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { url: hub.url, token, databaseFile: config.databaseFile, post, stop: hub.stop };
}
