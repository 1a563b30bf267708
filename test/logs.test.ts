import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus } from './support/api.ts';
import { freePort, ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';
import { pushSourceWithSecret } from './support/receivers.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  url?: string;
  status?: number;
  sourceId?: number;
  vendor?: string;
  reason?: string;
}

const INFO = 30;
const WARN = 40;

describe('log lines', () => {
  let server: RunningServer;
  let admin: Api;
  const lines = () =>
    server
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  /** Waits for a log line the predicate accepts: logs are written as requests end, not before the answer. */
  const waitForLine = async (predicate: (l: LogLine) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such log line; stdout:\n${server.stdout()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    server = await startServer({ env: { TRACKWAY_LOG_LEVEL: 'info' } });
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('never writes a receiver secret or a feed password, and says where one was', async () => {
    const { secret } = await pushSourceWithSecret(admin, 'osmand');
    const push = await fetch(
      `${server.url}/ingest/osmand?id=phone-1&lat=46.5&lon=6.6&timestamp=1700000000&token=${secret}`,
    );
    expect(push.status).toBe(200);
    const feed = await fetch(
      `${server.url}/compat/spot/feed/NOSUCHFEED/message.json?feedPassword=TopSecret9`,
    );
    expect(feed.status).toBeGreaterThanOrEqual(400);
    const pushLine = await waitForLine((l) => l.url?.startsWith('/ingest/osmand') === true);
    expect(pushLine.url).toContain('token=[redacted]');
    expect(pushLine.status).toBe(200);
    await waitForLine((l) => l.url?.includes('feedPassword=[redacted]') === true);
    const everything = server.stdout() + server.stderr();
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('TopSecret9');
  });

  it('returns and logs the caller’s X-Request-Id, and makes one when none is given', async () => {
    const given = await fetch(`${server.url}/api/v1/devices`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'trace-42.a' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-42.a');
    await waitForLine((l) => l.reqId === 'trace-42.a' && l.url === '/api/v1/devices');
    const made = await fetch(`${server.url}/api/v1/devices`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps /health and /metrics out of the info log', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(
      (
        await fetch(`${server.url}/api/v1/devices?marker=after-health`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).status,
    ).toBe(200);
    // Lines are written in the order requests end: once the later one is there, the earlier one would be too.
    await waitForLine((l) => l.url?.includes('marker=after-health') === true);
    expect(lines().some((l) => l.url === '/health' && l.level >= INFO)).toBe(false);
  });

  it('logs a failing source at warn with its id, vendor and reason, without its password', async () => {
    const closed = await freePort();
    const source = expectStatus(
      await admin.post('/api/v1/sources', {
        vendor: 'spot',
        kind: 'pull',
        name: 'unreachable feed',
        settings: { feedId: 'FEED1', feedPassword: 'FeedPass77', baseUrl: `http://127.0.0.1:${closed}` },
      }),
      201,
    );
    const line = await waitForLine((l) => l.level === WARN && l.sourceId === source.id);
    expect(line.vendor).toBe('spot');
    expect(line.msg).toMatch(/source failed/);
    expect(line.reason).toBeTruthy();
    expect(server.stdout() + server.stderr()).not.toContain('FeedPass77');
  });
});
