import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_URL } from '../src/storage/postgres/test-database.ts';
import { Api, expectStatus, fix, type Json } from './support/api.ts';
import { cliOk, runCli } from './support/cli.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { ADMIN_TOKEN, makeTempDir, removeTempDir, startServer } from './support/server.ts';

const T0 = Date.UTC(2025, 3, 1);
// More positions than one copy batch, so that an interrupted copy can stop between batches.
const POSITIONS = 6_500;

describe('moving an embedded install to PostgreSQL', () => {
  let dataDir: string;
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let before: { devices: Json[]; sync: Json[] };
  beforeAll(async () => {
    dataDir = await makeTempDir();
    db = await freshDatabaseUrl();
    const server = await startServer({ dataDir });
    try {
      const api = new Api(server.url, ADMIN_TOKEN);
      for (let b = 0; b < POSITIONS / 1_300; b++) {
        const records = Array.from({ length: 1_300 }, (_, i) => {
          const n = b * 1_300 + i;
          return fix(
            'copy',
            `tracker-${n % 7}`,
            T0 + n * 1000,
            n % 500 === 0 ? { events: [{ type: 'sos' }] } : {},
          );
        });
        expectStatus(await api.ingest(records), 200);
      }
      before = {
        devices: await api.all('/api/v1/devices'),
        sync: (await api.syncAll(null, 1000)).records,
      };
    } finally {
      await server.stop();
    }
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) await removeTempDir(dataDir);
  });

  it('applies the migrations with trackway migrate on DATABASE_URL, once', async () => {
    const other = await freshDatabaseUrl();
    try {
      const first = await cliOk(['migrate'], { env: { DATABASE_URL: other.url } });
      expect(first.stdout).toMatch(/^applied: 0001_initial/);
      const again = await cliOk(['migrate'], { env: { DATABASE_URL: other.url } });
      expect(again.stdout).toMatch(/schema is up to date/);
    } finally {
      await other.drop();
    }
  });

  it('copies every table with its ids, resumes after an interruption and verifies the counts', async () => {
    const file = join(dataDir, 'trackway.db');
    const first = await cliOk(['copy', '--from', file, '--to', db.url]);
    expect(first.stdout).toMatch(/copy complete/);
    expect(first.stderr).toMatch(/copying \w+ \[#+\] 100% \| \d+\/\d+ rows/);
    expect(first.stdout).toMatch(new RegExp(`positions\\s+${POSITIONS}\\s+${POSITIONS}\\n`));

    // An interrupted copy: later tables not reached, the last batches of positions never committed.
    const sql = postgres(TEST_URL, { max: 1, onnotice: () => {} });
    try {
      await sql`DELETE FROM ${sql(db.schema)}.events`;
      await sql`DELETE FROM ${sql(db.schema)}.positions WHERE id > (SELECT min(id) + 5500 FROM ${sql(db.schema)}.positions)`;
    } finally {
      await sql.end();
    }
    const resumed = await cliOk(['copy', '--from', file, '--to', db.url]);
    expect(resumed.stdout).toMatch(/copy complete/);
    expect(resumed.stdout).not.toMatch(/MISMATCH/);

    // The hub on PostgreSQL: same token, same devices and ids, same records; new ids follow the copied ones.
    const server = await startServer({ env: { DATABASE_URL: db.url } });
    try {
      const api = new Api(server.url, ADMIN_TOKEN);
      expect(await api.all('/api/v1/devices')).toEqual(before.devices);
      const key = (r: Json) => `${r.kind}#${(r.position ?? r.event ?? r.message).id}`;
      const { records: synced, next } = await api.syncAll(null, 1000);
      expect(synced.map(key).sort()).toEqual(before.sync.map(key).sort());
      expect(synced).toHaveLength(before.sync.length);
      expectStatus(await api.ingest([fix('copy', 'tracker-0', T0 - 1000)]), 200);
      // Derived events (a trip starting, say) may come with it: the position is what was sent.
      const added = (await api.syncAll(next, 1000)).records.filter((r: Json) => r.kind === 'position');
      expect(added).toHaveLength(1);
      const maxOld = Math.max(...before.sync.map((r: Json) => (r.position ?? r.event ?? r.message).id));
      expect(added[0].position.id).toBeGreaterThan(maxOld);
    } finally {
      await server.stop();
    }
  });

  it('refuses a copy without a target', async () => {
    const r = await runCli(['copy', '--from', join(dataDir, 'trackway.db')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--to/);
  });
});
