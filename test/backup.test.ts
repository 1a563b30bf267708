import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, fix } from './support/api.ts';
import { cliOk, runCli } from './support/cli.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';

const BATCH = 50;

describe('trackway backup', () => {
  const servers: RunningServer[] = [];
  let dir: string | undefined;
  afterAll(async () => {
    for (const s of servers) await s.dispose();
    if (dir) await removeTempDir(dir);
  });

  it('copies a hub that serves and ingests; a hub started on the copy has every record acknowledged before', async () => {
    dir = await makeTempDir('trackway-backup-');
    const hub = await startServer({ dataDir: join(dir, 'live') });
    servers.push(hub);
    const api = new Api(hub.url, ADMIN_TOKEN);

    // A writer that goes on during the backup; `acknowledged` holds the fix times answered with 200, in order.
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const batch = Array.from({ length: BATCH }, (_, i) =>
          fix('phone', 'backup-van', Date.UTC(2026, 0, 1) + (n * BATCH + i) * 1000),
        );
        expectStatus(await api.ingest(batch), 200);
        acknowledged.push(...batch.map((r) => r.fixTime));
      }
    })();
    while (acknowledged.length < 20 * BATCH) await new Promise((r) => setTimeout(r, 10));

    const before = acknowledged.length;
    const file = join(dir, 'trackway-backup.db');
    const done = await cliOk(['backup', file, '--json', '--data-dir', hub.dataDir]);
    const afterBackup = acknowledged.length;
    writing = false;
    await writer;
    expect(JSON.parse(done.stdout)).toMatchObject({ file, bytes: expect.any(Number) as number });
    // The writer was not held up for the length of the backup, as a copy under an exclusive lock would do.
    expect(afterBackup).toBeGreaterThan(before);

    // Restore: the backup as the database of a new data directory.
    const restoredDir = join(dir, 'restored');
    await mkdir(restoredDir);
    await copyFile(file, join(restoredDir, 'trackway.db'));
    const restored = await startServer({ dataDir: restoredDir });
    servers.push(restored);
    const { records } = await new Api(restored.url, ADMIN_TOKEN).syncAll();
    const stored = new Set(
      (records as { kind: string; position?: { fixTime: string } }[])
        .filter((r) => r.kind === 'position')
        .map((r) => r.position!.fixTime),
    );
    const missing = acknowledged.slice(0, before).filter((t) => !stored.has(t));
    expect(missing).toEqual([]);
  });

  it('refuses to overwrite a file, and sends PostgreSQL users to pg_dump', async () => {
    dir ??= await makeTempDir('trackway-backup-');
    const data = join(dir, 'small');
    await cliOk(['group', 'add', '--name', 'g', '--data-dir', data]);
    const file = join(dir, 'small.db');
    await cliOk(['backup', file, '--data-dir', data]);
    const again = await runCli(['backup', file, '--data-dir', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    const pg = await runCli(['backup', join(dir, 'pg.db'), '--database-url', 'postgres://127.0.0.1:1/x']);
    expect(pg.code).toBe(2);
    expect(pg.stderr).toContain('pg_dump');
    expect(existsSync(join(dir, 'pg.db'))).toBe(false);
  });
});
