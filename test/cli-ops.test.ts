import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOk, runCli } from './support/cli.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { BIN, childEnv, makeTempDir, removeTempDir, ROOT } from './support/server.ts';

describe('the command line as scripts use it', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await makeTempDir('trackway-cli-ops-');
    data = join(dir, 'data');
    // Enough positions, and devices, that an export and a device list overfill a pipe (64 KiB).
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({
        vendor: 'phone',
        externalId: `phone-${i % 1500}`,
        fixTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        lat: 46.5 + i / 10_000,
        lon: 6.6,
      }),
    );
    await writeFile(join(dir, 'track.ndjson'), lines.join('\n') + '\n');
    await cliOk(['import', join(dir, 'track.ndjson'), '--data-dir', data]);
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('exits 2 on a wrong command line and 1 when the work fails', async () => {
    for (const args of [
      ['no-such-command'],
      ['group', 'list', '--no-such-option'],
      ['token', 'revoke', '--data-dir', data],
      ['export', '--format', 'docx', '--data-dir', data],
      ['device', 'add', '--name', 'x', '--group', 'first', '--data-dir', data],
      ['token', 'create', '--name', 'x', '--role', 'emperor', '--data-dir', data],
    ]) {
      const r = await runCli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).not.toBe('');
    }
    const missing = await runCli(['device', 'add', '--name', 'x', '--group', '999', '--data-dir', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no group 999');
    expect((await runCli(['--help'])).code).toBe(0);
  });

  it('ends quietly with status 0 when the reader of an export or a list stops early', () => {
    for (const command of ['export --format ndjson', 'device list']) {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `set -o pipefail; "$0" "$1" ${command} --data-dir "$2" | head -n 1`,
          process.execPath,
          BIN,
          data,
        ],
        { cwd: ROOT, env: childEnv(), encoding: 'utf8', timeout: 30_000 },
      );
      expect({ command, stderr: r.stderr, status: r.status }).toEqual({ command, stderr: '', status: 0 });
      expect(r.stdout.split('\n')).toHaveLength(2);
    }
  });

  it('prints lists as JSON arrays and a new record as an object with the keys of its row', async () => {
    const added = JSON.parse(
      (
        await cliOk([
          'device',
          'add',
          '--name',
          'van',
          '--external-id',
          'osmand:77',
          '--json',
          '--data-dir',
          data,
        ])
      ).stdout,
    ) as Record<string, unknown>;
    const listed = JSON.parse(
      (await cliOk(['device', 'list', '--json', '--data-dir', data])).stdout,
    ) as Record<string, unknown>[];
    expect(Array.isArray(listed)).toBe(true);
    const row = listed.find((d) => d.id === added.id)!;
    expect(added).toEqual(row);
    expect(added).toMatchObject({ name: 'van', externalIds: 'osmand:77', lastFix: null });
    for (const [list, key] of [
      ['group', 'path'],
      ['token', 'prefix'],
      ['user', 'login'],
      ['device-type', 'keepAlive'],
    ] as const) {
      const rows = JSON.parse((await cliOk([list, 'list', '--json', '--data-dir', data])).stdout) as unknown;
      expect(Array.isArray(rows)).toBe(true);
      const type = await cliOk(
        list === 'group'
          ? ['group', 'add', '--name', 'g', '--json', '--data-dir', data]
          : list === 'token'
            ? ['token', 'create', '--name', 't', '--json', '--data-dir', data]
            : list === 'user'
              ? ['user', 'create', '--login', `u${Date.now()}`, '--json', '--data-dir', data]
              : ['device-type', 'add', '--name', 'dt', '--json', '--data-dir', data],
      );
      expect(JSON.parse(type.stdout)).toHaveProperty(key);
    }
  });

  it('reads settings from --config, refusing an unknown key by name', async () => {
    const config = join(dir, 'trackway.env');
    await writeFile(config, `# the data directory\nTRACKWAY_DATA_DIR=${data}\n`);
    const groups = JSON.parse((await cliOk(['group', 'list', '--json', '--config', config])).stdout) as {
      name: string;
    }[];
    expect(groups.map((g) => g.name)).toContain('root');
    const typo = join(dir, 'typo.env');
    await writeFile(typo, 'TRACKWAY_DATADIR=/elsewhere\n');
    const r = await runCli(['group', 'list', '--config', typo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown setting TRACKWAY_DATADIR');
    const port = join(dir, 'port.env');
    await writeFile(port, 'TRACKWAY_PORT=eighty\n');
    const bad = await runCli(['serve', '--config', port]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('port must be a whole number from 0 to 65535, not "eighty"');
  });

  it('takes PostgreSQL from --database-url, and names DATABASE_URL when it cannot be reached, never its password', async () => {
    const db = await freshDatabaseUrl();
    try {
      const added = JSON.parse(
        (await cliOk(['group', 'add', '--name', 'pg', '--json', '--database-url', db.url])).stdout,
      ) as { name: string };
      expect(added.name).toBe('pg');
      const groups = JSON.parse(
        (await cliOk(['group', 'list', '--json', '--database-url', db.url])).stdout,
      ) as {
        name: string;
      }[];
      expect(groups.map((g) => g.name).sort()).toEqual(['pg', 'root']);
    } finally {
      await db.drop();
    }
    const r = await runCli([
      'group',
      'list',
      '--database-url',
      'postgres://trackway:s3cret-pw@127.0.0.1:1/trackway',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(r.stderr).not.toContain('s3cret-pw');
  });

  it('names a data directory it cannot use, and fails at once under /proc', async () => {
    const underFile = join(dir, 'track.ndjson', 'data');
    const r = await runCli(['group', 'add', '--name', 'x', '--data-dir', underFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`data directory ${underFile}`);
    // Node's recursive mkdir never returns here; runCli fails the test if the command hangs.
    const proc = await runCli(['group', 'add', '--name', 'x', '--data-dir', '/proc/trackway-data']);
    expect(proc.code).toBe(1);
    expect(proc.stderr).toContain('/proc/trackway-data');
  });
});

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (2nd field) may hold spaces; the parent is the 2nd field after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parents) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npx trackway serve', () => {
  it('does not leave the hub running when npx gets SIGTERM', async () => {
    const dir = await makeTempDir('trackway-npx-');
    const npx = join(dirname(process.execPath), 'npx');
    const child = spawn(
      npx,
      ['--offline', 'trackway', 'serve', '--port', '0', '--data-dir', join(dir, 'data')],
      {
        cwd: ROOT,
        env: childEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // 'exit', not 'close': a hub left running would hold the stderr pipe open.
    const exited = new Promise((res) => child.once('exit', res));
    let hub: number | undefined;
    try {
      for (let t = 0; !/Trackway listening on/.test(stderr); t++) {
        if (t > 600) throw new Error(`npx trackway serve did not start; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      hub = descendants(child.pid!).find((p) => {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmd.startsWith(process.execPath) || /\bnode\0/.test(cmd);
      });
      expect(hub).toBeDefined();
      process.kill(child.pid!, 'SIGTERM');
      await exited;
      for (let t = 0; alive(hub!) && t < 200; t++) await new Promise((r) => setTimeout(r, 50));
      expect(alive(hub!)).toBe(false);
    } finally {
      if (hub !== undefined && alive(hub)) process.kill(hub, 'SIGKILL');
      if (alive(child.pid!)) child.kill('SIGKILL');
      await removeTempDir(dir);
    }
  });
});
