import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, childEnv, ROOT } from './support/server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Sandbox {
  url: string;
  /** Everything it printed before it was ready: how to connect. */
  text: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts `trackway sandbox <vendor>` and resolves once it prints where it listens. */
function startSandbox(vendor: string): Promise<Sandbox> {
  const child = spawn(process.execPath, [BIN, 'sandbox', vendor], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let text = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sandbox ${vendor} never got ready:\n${text}${stderr}`)),
      30_000,
    );
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(text)?.[1];
      if (url && text.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve({ url, text, child, exited });
      }
    });
    void exited.then((code) => reject(new Error(`sandbox ${vendor} exited ${code}:\n${text}${stderr}`)));
  });
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: (): Json => JSON.parse(text) };
};
const postForm = async (url: string, fields: Record<string, string>) => {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Json };
};
/** `YYYYMMDDHHmmss` in UTC, as MiX's `:since`. */
const since = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-T:]/g, '');
const printed = (s: Sandbox, pattern: RegExp) => pattern.exec(s.text)?.[1] ?? '';
const basic = (s: Sandbox) =>
  `Basic ${Buffer.from(`${printed(s, /login (\S+),/)}:${printed(s, /password (\S+)/)}`).toString('base64')}`;

const FEED = '/spot-main-web/consumer/rest-api/2.0/public/feed';

/** Per vendor: a documented request it answers, and a documented limit it enforces. */
const cases: {
  vendor: string;
  answers: (s: Sandbox) => Promise<void>;
  limits: (s: Sandbox) => Promise<void>;
}[] = [
  {
    vendor: 'spot',
    answers: async (s) => {
      const feed = printed(s, /Feed id: (\w+)/);
      const page = await get(`${s.url}${FEED}/${feed}/message.json`);
      expect(page.status).toBe(200);
      const response = page.json().response.feedMessageResponse;
      expect(response.messages.message.map((m: Json) => m.messageType)).toContain('HELP');
    },
    // 150 s per feed and 2 s between requests: the second request at once earns the 403 and a block.
    limits: async (s) => {
      const feed = printed(s, /Feed id: (\w+)/);
      expect((await get(`${s.url}${FEED}/${feed}/message.json`)).status).toBe(403);
      expect((await get(`${s.url}${FEED}/other/message.json`)).status).toBe(403);
    },
  },
  {
    vendor: 'mix',
    answers: async (s) => {
      const token = printed(s, /token (\S+), sent as/);
      const trips = await get(`${s.url}/trips/${since(Date.now() - 30 * 60_000)}.json`, { 'x-auth': token });
      expect(trips.status).toBe(200);
      expect(trips.json().length).toBeGreaterThan(0);
      expect((await get(`${s.url}/trips/${since(Date.now())}.json`)).status).toBe(401);
    },
    // The one-hour rule: a :since older than an hour answers 413.
    limits: async (s) => {
      const token = printed(s, /token (\S+), sent as/);
      const old = await get(`${s.url}/trips/${since(Date.now() - 61 * 60_000)}.json`, { 'x-auth': token });
      expect(old.status).toBe(413);
    },
  },
  {
    vendor: 'gps365',
    answers: async (s) => {
      const token = printed(s, /api_token (\w+)/);
      const list = await postForm(`${s.url}/trackers/list`, { api_token: token });
      expect(list.status).toBe(200);
      expect(list.body.result.map((t: Json) => t.id)).toEqual([100, 101, 102]);
    },
    // coordinates/historic reads one week of server time from its start date.
    limits: async (s) => {
      const token = printed(s, /api_token (\w+)/);
      const week = await postForm(`${s.url}/coordinates/historic`, {
        api_token: token,
        start_date: '2000-01-01 00:00:00',
      });
      expect(week.body.summary.end_date).toBe('2000-01-08 00:00:00');
    },
  },
  {
    vendor: 'followanalytics',
    answers: async (s) => {
      const auth = { authorization: `Token ${printed(s, /Token (\w+)/)}` };
      const page = await get(
        `${s.url}/api/apps/${printed(s, /app (\w+);/)}/locations?per_page=5&page=2`,
        auth,
      );
      expect(page.status).toBe(200);
      expect(page.json().result).toMatchObject({ item_count: 5, total_pages: expect.any(Number) });
      expect(page.json().result.navigation).toBeTruthy();
    },
    // per_page beyond 10,000 takes the default of 1,000 a page.
    limits: async (s) => {
      const auth = { authorization: `Token ${printed(s, /Token (\w+)/)}` };
      const page = await get(`${s.url}/api/apps/${printed(s, /app (\w+);/)}/locations?per_page=10001`, auth);
      expect(page.json().result.item_count).toBe(1000);
      expect(page.json().result.total_items).toBeGreaterThan(1000);
    },
  },
  {
    vendor: 'sigfox',
    answers: async (s) => {
      const types = await get(`${s.url}/api/devicetypes`, { authorization: basic(s) });
      expect(types.status).toBe(200);
      expect(types.json().data).toHaveLength(2);
      const page = await get(`${s.url}/api/devices/3F2A10/messages?limit=2`, { authorization: basic(s) });
      expect(page.json().data).toHaveLength(2);
      expect(page.json().paging.next).toMatch(/^http:\/\/127\.0\.0\.1/);
    },
    // HTTP Basic on every request.
    limits: async (s) => {
      const none = await get(`${s.url}/api/devicetypes`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    },
  },
];

describe('trackway sandbox <vendor>', () => {
  const started: Sandbox[] = [];
  afterEach(() => {
    for (const s of started.splice(0)) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  });

  it.each(cases)('$vendor: prints how to connect, answers, enforces a limit, stops on SIGTERM', async (c) => {
    const sandbox = await startSandbox(c.vendor);
    started.push(sandbox);
    expect(sandbox.text).toMatch(/Try: curl /);
    expect(sandbox.text).toMatch(/Limits: /);
    await c.answers(sandbox);
    await c.limits(sandbox);
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  });

  it('names the vendors it has when asked for another', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', 'acme'], { cwd: ROOT, env: childEnv() });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/no sandbox for "acme"; one of: .*spot/);
  });
});
