import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus } from './support/api.ts';
import { pushSourceWithSecret } from './support/receivers.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

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
});
