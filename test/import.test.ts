import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, fix } from './support/api.ts';
import { cliOk, runCli } from './support/cli.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';

const T0 = Date.UTC(2025, 3, 1);
const GOOD = 1500;

describe('trackway import', () => {
  let dir: string;
  let file: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await makeTempDir();
    // More records than one import batch, two devices; line 701 is blank, 702 broken, 1001 out of range.
    const lines = Array.from({ length: GOOD }, (_, i) =>
      JSON.stringify(fix('import', `dev-${i % 2}`, T0 + i * 1000)),
    );
    lines.splice(700, 0, '', '{"vendor":"import","externalId":');
    lines.splice(1000, 0, JSON.stringify(fix('import', 'dev-0', T0, { lat: 91 })));
    file = join(dir, 'records.ndjson');
    await writeFile(file, lines.join('\n') + '\n');
    server = await startServer({ dataDir: join(dir, 'data') });
  });
  afterAll(async () => {
    await server?.dispose();
    if (dir) await removeTempDir(dir);
  });

  const runImport = () => runCli(['import', file, '--data-dir', server.dataDir]);

  it('imports the good lines, counts the bad ones and names them by line number', async () => {
    const r = await runImport();
    expect(r.stdout).toContain(`${file}: ${GOOD} accepted, 0 duplicate, 2 rejected`);
    expect(r.stdout).toMatch(/^\s+line 702: INVALID_RECORD: .*JSON/m);
    expect(r.stdout).toMatch(/^\s+line 1001: INVALID_COORDINATES: lat 91/m);
    expect(r.code).toBe(3);

    // The running server sees what the CLI wrote to the same data directory.
    const api = new Api(server.url, ADMIN_TOKEN);
    const devices = await api.all('/api/v1/devices');
    expect(devices.map((d) => d.externalIds[0].externalId).sort()).toEqual(['dev-0', 'dev-1']);
    const positions = await api.all(`/api/v1/devices/${devices[0].id}/positions?limit=1000`);
    expect(positions).toHaveLength(GOOD / 2);
  });

  it('counts everything as duplicate on a re-import and stores nothing twice', async () => {
    const r = await runImport();
    expect(r.stdout).toContain(`${file}: 0 accepted, ${GOOD} duplicate, 2 rejected`);
    const { records } = await new Api(server.url, ADMIN_TOKEN).syncAll(null, 5000);
    // Derivation adds trip events of its own; the imported records are the positions.
    const positions = records.filter((r) => r.kind === 'position');
    expect(positions).toHaveLength(GOOD);
    expect(new Set(positions.map((r) => r.position.id)).size).toBe(GOOD);
  });

  it('exits 0 for a clean file and creates unknown devices in the group given', async () => {
    const group = expectStatus(
      await new Api(server.url, ADMIN_TOKEN).post('/api/v1/groups', { name: 'imported' }),
      201,
    );
    const clean = join(dir, 'clean.ndjson');
    await writeFile(
      clean,
      [fix('import', 'grouped', T0), fix('import', 'grouped', T0 + 1)]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const r = await cliOk(['import', clean, '--group', String(group.id), '--data-dir', server.dataDir]);
    expect(r.stdout).toContain(`${clean}: 2 accepted, 0 duplicate, 0 rejected`);
    const devices = await new Api(server.url, ADMIN_TOKEN).all(`/api/v1/devices?groupId=${group.id}`);
    expect(devices.map((d) => d.externalIds[0].externalId)).toEqual(['grouped']);
  });

  it('fails with a message for a file that does not exist', async () => {
    const r = await runCli(['import', join(dir, 'missing.ndjson'), '--data-dir', server.dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^trackway: .*missing\.ndjson/m);
  });
});
