import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, fix } from './support/api.ts';
import { pushSourceWithSecret } from './support/receivers.ts';
import { freshDatabaseUrl } from './support/postgres.ts';
import { ADMIN_TOKEN, ROOT, startServer, type RunningServer } from './support/server.ts';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const havePromtool = promtool.status === 0;
if (!havePromtool) {
  console.warn(
    'SKIPPED: promtool is not installed (Debian package "prometheus"; .ci/run installs it): ' +
      '/metrics is not checked by Prometheus own linter',
  );
}

describe('metrics', () => {
  let server: RunningServer;
  let api: Api;
  let text: string;

  beforeAll(async () => {
    server = await startServer();
    api = new Api(server.url, ADMIN_TOKEN);
    const { secret } = await pushSourceWithSecret(api, 'osmand');
    const push = await fetch(
      `${server.url}/ingest/osmand?id=m1&lat=46.5&lon=6.6&timestamp=1700000000&token=${secret}`,
    );
    expect(push.status).toBe(200);
    expect((await fetch(`${server.url}/ingest/osmand?id=m1&lat=46.5&lon=6.6&token=wrong`)).status).toBe(401);
    expectStatus(
      await api.post('/api/v1/sources', {
        vendor: 'spot',
        kind: 'pull',
        name: 'a feed',
        settings: { feedId: 'FEED1', baseUrl: 'http://127.0.0.1:9' },
      }),
      201,
    );
    expectStatus(await api.ingest([fix('phone', 'metrics-1', Date.UTC(2026, 0, 1))]), 200);
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    text = res.body as string;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it.skipIf(!havePromtool)("passes Prometheus' own linter, promtool check metrics", () => {
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  it('names the process and Node.js metrics as Prometheus expects, once', () => {
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).not.toMatch(/trackway_process_/);
  });

  it('says which version runs, how each source is, and what the receivers answered', () => {
    expect(text).toMatch(/^trackway_build_info\{version="\d+\.\d+\.\d+",node="v[\d.]+"\} 1$/m);
    expect(text).toMatch(/^trackway_source_state\{source="\d+",vendor="spot",kind="pull",state="\w+"\} 1$/m);
    expect(text).toMatch(
      /^trackway_source_state\{source="\d+",vendor="osmand",kind="push",state="\w+"\} 1$/m,
    );
    expect(text).toMatch(/^trackway_receiver_requests_total\{receiver="osmand",status="200"\} 1$/m);
    expect(text).toMatch(/^trackway_receiver_requests_total\{receiver="osmand",status="401"\} 1$/m);
    expect(text).toMatch(/^trackway_sqlite_file_bytes\{file="database"\} [1-9]\d*$/m);
  });

  it('counts deliveries of callbacks and webhooks and their queue, from zero', () => {
    for (const kind of ['callback', 'webhook']) {
      for (const result of ['sent', 'failed', 'dead'])
        expect(text).toMatch(
          new RegExp(`^trackway_deliveries_total\\{kind="${kind}",result="${result}"\\} 0$`, 'm'),
        );
      expect(text).toMatch(new RegExp(`^trackway_delivery_queue_depth\\{kind="${kind}"\\} 0$`, 'm'));
    }
  });
});

describe('metrics on PostgreSQL', () => {
  let server: RunningServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  let text: string;

  beforeAll(async () => {
    const db = await freshDatabaseUrl();
    drop = db.drop;
    server = await startServer({ env: { DATABASE_URL: db.url } });
    const res = await new Api(server.url, ADMIN_TOKEN).get('/metrics');
    expect(res.status).toBe(200);
    text = res.body as string;
  });
  afterAll(async () => {
    await server?.dispose();
    await drop?.();
  });

  it("shows the pool's size and this process's connections, and no SQLite file", () => {
    expect(text).toMatch(/^trackway_postgres_pool_max 10$/m);
    expect(text).toMatch(/^trackway_postgres_pool_connections\{state="active"\} [1-9]\d*$/m);
    expect(text).not.toMatch(/trackway_sqlite_file_bytes/);
  });

  it.skipIf(!havePromtool)("passes Prometheus' own linter, promtool check metrics", () => {
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });
});

describe('the Grafana dashboard (deploy/grafana/trackway.json)', () => {
  it('parses, and queries only metrics that a live hub serves on SQLite or PostgreSQL', async () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'trackway.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThan(10);
    const queried = new Set(
      dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) =>
          [...t.expr.matchAll(/\b(?:trackway|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0]),
        ),
      ),
    );
    const served = new Set<string>();
    const db = await freshDatabaseUrl();
    for (const env of [{}, { DATABASE_URL: db.url }]) {
      const hub = await startServer({ env });
      try {
        const api = new Api(hub.url, ADMIN_TOKEN);
        expectStatus(await api.ingest([fix('phone', 'grafana-1', Date.UTC(2026, 0, 1))]), 200);
        const text = (await api.get('/metrics')).body as string;
        // Declared metrics, also those without a series yet (no source, no receiver request on this hub).
        for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
          served.add(name!);
          if (type === 'histogram')
            for (const part of ['bucket', 'count', 'sum']) served.add(`${name}_${part}`);
        }
      } finally {
        await hub.dispose();
      }
    }
    await db.drop();
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });
});
