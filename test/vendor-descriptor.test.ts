import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type RunningHub } from '../src/main.ts';
import { vendors } from '../src/vendors/index.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { startAcmeCloud } from './fixture-vendor/fake-cloud/fake-cloud.ts';
import { acmeVendor } from './fixture-vendor/index.ts';

const ADMIN = 'tw_descriptor-admin-token-0123456789ab';

/** Waits for a condition the hub reaches on its own (a connector's pages), never for a fixed time. */
async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a vendor added with one descriptor and one line', () => {
  let dir: string;
  let hub: RunningHub;
  let cloud: Awaited<ReturnType<typeof startAcmeCloud>>;
  let api: Api;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-descriptor-'));
    cloud = await startAcmeCloud([
      { seq: 1, unit: 'u1', time: Date.parse('2026-01-01T10:00:00Z'), lat: 46.1, lon: 6.1 },
      { seq: 2, unit: 'u1', time: Date.parse('2026-01-01T10:01:00Z'), lat: 46.2, lon: 6.2 },
      { seq: 3, unit: 'u2', time: Date.parse('2026-01-01T10:02:00Z'), lat: 46.3, lon: 6.3 },
    ]);
    const config = loadConfig({ port: 0, dataDir: dir, logLevel: 'silent' }, { TRACKWAY_ADMIN_TOKEN: ADMIN });
    // The one line: the hub's vendor list and the fixture vendor.
    hub = await startHub(config, [...vendors, acmeVendor]);
    api = new Api(hub.url, ADMIN);
  });
  afterAll(async () => {
    await hub?.stop();
    await cloud?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('migrates its own table under its name', () => {
    const db = new Database(join(dir, 'trackway.db'), { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM schema_migrations').pluck().all();
      expect(names).toContain('acme/0001_pings');
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'acme_pings'").pluck().get()).toBe(
        1,
      );
    } finally {
      db.close();
    }
  });

  it('pulls its cloud through its connector, page by page, into the data model', async () => {
    expectStatus(
      await api.post('/api/v1/sources', {
        vendor: 'acme',
        kind: 'pull',
        name: 'acme cloud',
        settings: { baseUrl: cloud.url, token: cloud.token },
      }),
      201,
    );
    const devices = await until(
      async () => (await api.all('/api/v1/devices')).filter((d: Json) => d.externalIds[0]?.vendor === 'acme'),
      (d) => d.length === 2 && d.every((x: Json) => x.latestPosition),
      'both units of the cloud',
    );
    const u1 = devices.find((d: Json) => d.externalIds[0].externalId === 'u1');
    expect(await api.all(`/api/v1/devices/${u1.id}/positions`)).toHaveLength(2);
  });

  it('takes pushes through its receiver with a device secret, and keeps what it owns in its own table', async () => {
    const source = expectStatus(
      await api.post('/api/v1/sources', { vendor: 'acme', kind: 'push', name: 'pushes' }),
      201,
    );
    const { secret } = expectStatus(
      await api.post(`/api/v1/sources/${source.id}/secrets`, { name: 'unit u9' }),
      201,
    );
    const push = (token: string) =>
      fetch(`${hub.url}/ingest/acme/${source.id}?secret=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          unit: 'u9',
          time: Date.parse('2026-01-01T11:00:00Z'),
          lat: 47.5,
          lon: 7.5,
          note: 'hello',
        }),
      });
    expect((await push('wrong')).status).toBe(401);
    expect((await push(secret)).status).toBe(200);
    const served = await (await fetch(`${hub.url}/compat/acme/units/u9`)).json();
    expect(served).toEqual({ unit: 'u9', lat: 47.5, lon: 7.5, notes: ['hello'] });
  });

  it('is served by its facade and listed in the API document with the rest', async () => {
    expect((await fetch(`${hub.url}/compat/acme/units/nobody`)).status).toBe(404);
    const doc = (await api.get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toContain('/compat/acme/units/{unit}');
  });
});
