import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Api } from './support/api.ts';
import { freePort, makeTempDir, removeTempDir, startServer, type RunningServer } from './support/server.ts';

const TOKEN_LINE = /Admin API token \(shown once, keep it safe\): (\S+)/;

describe('starting the hub', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const started = (s: RunningServer) => {
    cleanups.push(() => s.dispose());
    return s;
  };

  it('prints a generated admin token on the first start only, and creates the database in the data dir', async () => {
    const parent = await makeTempDir();
    cleanups.push(() => removeTempDir(parent));
    const dataDir = join(parent, 'data-dir');

    // A relative --data-dir is taken from the working directory.
    const first = started(
      await startServer({
        dataDir,
        cwd: parent,
        args: ['--port', '0', '--data-dir', 'data-dir'],
        adminToken: null,
      }),
    );
    const token = (await first.waitForStderr(TOKEN_LINE))[1];
    expect(token).toMatch(/^tw_/);
    expect(existsSync(join(dataDir, 'trackway.db'))).toBe(true);
    const me = await new Api(first.url, token!).get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.token.role).toBe('admin');
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = started(await startServer({ dataDir, adminToken: null }));
    // The start-up lines are written together; once the storage line and a request are through, a token line
    // would have been too.
    await second.waitForStderr(/Storage: /);
    expect((await new Api(second.url, null).get('/health')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.stderr()).not.toMatch(TOKEN_LINE);
    expect(second.stderr()).not.toContain(token);
    // The token from the first start still works: it was stored, not regenerated.
    expect((await new Api(second.url, token!).get('/api/v1/me')).status).toBe(200);
  });

  it('answers /health with 200 once it is listening, on 127.0.0.1', async () => {
    const server = started(await startServer());
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const res = await new Api(server.url, null).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', storage: 'sqlite' });
  });

  it('takes its port and data directory from TRACKWAY_PORT and TRACKWAY_DATA_DIR', async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => removeTempDir(dataDir));
    const port = await freePort();
    const server = started(
      await startServer({
        dataDir,
        args: [],
        env: { TRACKWAY_PORT: String(port), TRACKWAY_DATA_DIR: dataDir },
      }),
    );
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(join(dataDir, 'trackway.db'))).toBe(true);
    expect((await new Api(server.url, null).get('/health')).status).toBe(200);
  });

  it('lets flags win over the environment', async () => {
    const flagDir = await makeTempDir();
    const envDir = await makeTempDir();
    cleanups.push(
      () => removeTempDir(flagDir),
      () => removeTempDir(envDir),
    );
    const port = await freePort();
    const server = started(
      await startServer({
        dataDir: flagDir,
        args: ['--port', String(port), '--data-dir', flagDir],
        env: { TRACKWAY_PORT: '1', TRACKWAY_DATA_DIR: envDir },
      }),
    );
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(join(flagDir, 'trackway.db'))).toBe(true);
    expect(existsSync(join(envDir, 'trackway.db'))).toBe(false);
  });

  it('stops in order on SIGINT (Ctrl-C) too, exiting 0', async () => {
    const server = started(await startServer());
    process.kill(server.pid, 'SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toMatch(/SIGINT: finishing work in flight/);
  });

  it('refuses an invalid port with a clear message and a non-zero exit', async () => {
    const error = await startServer({ args: ['--port', 'eighty'] }).then(
      (s) => (cleanups.push(() => s.dispose()), null),
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/port must be a whole number/);
  });
});
