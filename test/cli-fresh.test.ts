import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOk, runCli } from './support/cli.ts';
import { makeTempDir, removeTempDir, ROOT } from './support/server.ts';

describe('the command line on a fresh or mistyped data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('trackway-cli-');
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await cliOk(['--version'])).stdout.trim()).toBe(version);
  });

  it('refuses to read a data directory that holds no database, and creates none', async () => {
    const missing = join(dir, 'mistyped');
    const r = await runCli(['group', 'list', '--data-dir', missing]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`no database at ${join(missing, 'trackway.db')}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('adds a group to a fresh data directory, creating the schema and the root group as serve does', async () => {
    const fresh = join(dir, 'fresh');
    await cliOk(['group', 'add', '--name', 'fleet', '--data-dir', fresh]);
    const groups = JSON.parse((await cliOk(['group', 'list', '--json', '--data-dir', fresh])).stdout) as {
      id: number;
      name: string;
      parent: number | null;
    }[];
    expect(groups.map((g) => g.name).sort()).toEqual(['fleet', 'root']);
    expect(groups.find((g) => g.name === 'fleet')!.parent).toBe(groups.find((g) => g.name === 'root')!.id);
  });
});
