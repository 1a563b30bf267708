import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type Json } from './support/api.ts';
import { ARTIFACTS, CHROMIUM, ensureWebBuilt, hasChromium, launchBrowser } from './support/browser.ts';
import { BIN, childEnv, ROOT } from './support/server.ts';

const VENDORS = ['spot', 'sigfox', 'gps365', 'mix', 'followanalytics', 'osmand', 'owntracks'];
/** The hub checks silence once a minute: two checks, on a busy machine, bound the wait. */
const DEMO_TIMEOUT = 240_000;

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  url: string;
  signInUrl: string;
  token: string;
  dataDir: string;
}

/** Starts `trackway demo --fast` from the build and resolves once it prints its links. */
function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, [BIN, 'demo', '--fast'], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo never printed its links:\n${text}`)), 60_000);
    void exited.then((code) => reject(new Error(`the demo exited ${code}:\n${text}`)));
    const poll = setInterval(() => {
      const line = (label: string) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1];
      const [url, signInUrl, token, dataDir] = [
        line('Web app'),
        line('Signed-in link \\(works once, for 10 minutes\\)'),
        line('API token \\(admin\\)'),
        line('Data directory \\(removed at exit\\)'),
      ];
      if (!url || !signInUrl || !token || !dataDir) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, output: () => text, exited, url, signInUrl, token, dataDir });
    }, 100);
  });
}

describe('trackway demo --fast', { timeout: DEMO_TIMEOUT }, () => {
  let demo: Demo;
  let api: Api;

  /** Waits until `check` answers something truthy; fails with the demo's output after `ms`. */
  const until = async <T>(check: () => Promise<T>, what: string, ms = DEMO_TIMEOUT - 30_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${demo.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const devices = async (): Promise<Json[]> => (await api.get('/api/v1/devices?limit=500')).body.items;
  const firstEvent = async (type: string): Promise<Json> =>
    (await api.get(`/api/v1/events?type=${type}&limit=1`)).body.items[0];

  beforeAll(async () => {
    demo = await startDemo();
    api = new Api(demo.url, demo.token);
  }, 90_000);
  afterAll(() => {
    if (demo?.child.exitCode === null) demo.child.kill('SIGKILL');
  });

  it('says how the limits run, and prints the web app with a signed-in link', () => {
    expect(demo.output()).toMatch(/Fast mode: every vendor limit and device runs 50 times faster/);
    expect(demo.signInUrl.startsWith(`${demo.url}/api/v1/session/link?key=`)).toBe(true);
    expect(existsSync(demo.dataDir)).toBe(true);
  });

  it('gets devices of every vendor, a trip, an SOS, a place entered, a decoded payload and a webhook', async () => {
    for (const vendor of VENDORS) {
      await until(
        async () => (await devices()).some((d) => d.externalIds.some((e: Json) => e.vendor === vendor)),
        `a device of ${vendor}`,
      );
    }
    const from = Date.now() - 3 * 3_600_000;
    await until(
      async () => (await api.get(`/api/v1/reports/trips?from=${from}&to=${Date.now()}`)).body.items.length,
      'a trip',
    );
    const sos = await until(() => firstEvent('sos'), 'an SOS');
    expect((await api.get(`/api/v1/devices/${sos.deviceId}`)).body.externalIds[0].vendor).toBe('spot');
    const places: Json[] = (await api.get('/api/v1/places')).body.items;
    const bridge = places.find((p) => p.name === 'Pont Neuf');
    const enter = await until(
      async () =>
        (await api.get('/api/v1/events?type=place-enter&limit=500')).body.items.find(
          (e: Json) => e.attributes.placeId === bridge.id,
        ),
      'a rider entering the place on its way',
    );
    expect((await api.get(`/api/v1/devices/${enter.deviceId}`)).body.name).toMatch(/^Rider /);

    const sigfox = (await devices()).filter((d) => d.externalIds.some((e: Json) => e.vendor === 'sigfox'));
    const decoded = await until(async () => {
      for (const d of sigfox) {
        const messages = (await api.get(`/api/v1/devices/${d.id}/messages?limit=1&order=desc`)).body.items;
        if (messages[0]?.decoded) return messages[0].decoded;
      }
      return null;
    }, 'a decoded Sigfox payload');
    expect(decoded).toEqual({
      lat: expect.any(Number),
      lng: expect.any(Number),
      battery: expect.any(Number),
    });

    const [webhook] = (await api.get('/api/v1/webhooks')).body.items;
    await until(
      async () =>
        (await api.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).body.items.some(
          (d: Json) => d.status === 'delivered',
        ),
      'a webhook delivered to the local receiver',
    );
  });

  it('turns the quiet phone silent', async () => {
    const silent = await until(
      async () => (await devices()).find((d) => d.state === 'silent'),
      'a silent device',
    );
    expect(silent.name).toBe('Quiet phone');
    expect(await firstEvent('device-silent')).toMatchObject({ deviceId: silent.id });
  });

  it.skipIf(!hasChromium)('shows every device on the map of a browser signed in by the link', async () => {
    ensureWebBuilt();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(60_000);
      await page.goto(demo.signInUrl);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.locator('.maplibregl-canvas').waitFor();
      await page.getByRole('option', { name: /Quiet phone.*Silent/ }).waitFor();
      await page.getByRole('option', { name: /Expedition truck/ }).waitFor();
      const listed = await page.locator('.device-list .rows [role="option"]').count();
      expect(listed).toBe((await devices()).length);
      await page.screenshot({ path: join(ARTIFACTS, 'demo-map.png') });
    } finally {
      await browser.close();
    }
  });

  it('stops on SIGTERM and removes its data directory', async () => {
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(existsSync(demo.dataDir)).toBe(false);
  });
});

if (!hasChromium) console.warn(`SKIPPED: the demo's map check needs Chromium at ${CHROMIUM}`);
