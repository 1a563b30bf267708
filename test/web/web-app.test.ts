import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from '../support/api.ts';
import { ARTIFACTS, CHROMIUM, ensureWebBuilt, hasChromium, launchBrowser } from '../support/browser.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../support/server.ts';

const ADMIN_PASSWORD = 'web-admin-password';
const VIEWER_PASSWORD = 'web-viewer-password';
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
/** Degrees of longitude for `m` metres east at latitude 46.5. */
const east = (m: number) => m / (111_320 * Math.cos((46.5 * Math.PI) / 180));

if (!hasChromium)
  console.warn(`SKIPPED: browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** A browser drawing in software on a busy machine is slow: generous bounds, still finite. */
const BROWSER_TIMEOUT = 120_000;

describe.skipIf(!hasChromium)('the web app in headless Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let server: RunningServer;
  let admin: Api;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  const signIn = async (p: Page, login: string, password: string) => {
    await p.goto(server.url);
    await p.getByLabel('User name').fill(login);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
  };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ env: { TRACKWAY_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    admin = new Api(server.url, ADMIN_TOKEN);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A busy two-core machine may take a while to draw; the test's own timeout still bounds each step.
    page.setDefaultTimeout(45_000);
  }, BROWSER_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('serves the app at / with cache headers: index revalidated, hashed assets immutable', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(server.url + asset);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('refuses a wrong password', async () => {
    await signIn(page, 'admin', 'not-the-password');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/wrong user name or password/i);
    await shot('01-wrong-password');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('signs in and shows a device appear and move as positions are ingested', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.locator('.maplibregl-canvas').waitFor();
    await shot('02-signed-in');

    const now = Date.now();
    expectStatus(
      await admin.ingest([
        {
          vendor: 'phone',
          externalId: 'truck-1',
          fixTime: iso(now - 2 * MIN),
          lat: 46.5,
          lon: 6.6,
          speed: 0,
        },
      ]),
      200,
    );
    const row = page.getByRole('option', { name: /truck-1/ });
    await row.waitFor();
    await row.click();
    const details = page.getByRole('region', { name: 'Selected device' });
    await details.getByText('46.50000, 6.60000').waitFor();
    await shot('03-device-appeared');

    expectStatus(
      await admin.ingest([
        { vendor: 'phone', externalId: 'truck-1', fixTime: iso(now - MIN), lat: 46.51, lon: 6.62, speed: 45 },
      ]),
      200,
    );
    await details.getByText('46.51000, 6.62000').waitFor();
    // The list redraws at most twice a second.
    await page.getByRole('option', { name: /truck-1.*Moving/ }).waitFor();
    await shot('04-device-moved');

    expectStatus(
      await admin.ingest([
        { vendor: 'phone', externalId: 'truck-1', events: [{ type: 'sos', time: iso(now) }] },
      ]),
      200,
    );
    const alert = page.locator('.alert-sos');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/SOS truck-1/);
    await page.getByRole('option', { name: /truck-1.*SOS/ }).waitFor();
    await shot('04b-sos-alert');
  });

  it("opens a device's history and shows its trip", async () => {
    const device = expectStatus(await admin.post('/api/v1/devices', { name: 'van' }), 201);
    // 10 min parked, 3 km east in 6 min, 20 min parked: one trip, ending before now; a fix every 30 s.
    const fixes: { t: number; lon: number }[] = [];
    let t = Date.now() - 40 * MIN;
    const stay = (lon: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000) fixes.push({ t, lon });
    };
    const go = (from: number, to: number, minutes: number) => {
      for (let i = 0; i < minutes * 2; i++, t += 30_000)
        fixes.push({ t, lon: from + ((to - from) * i) / (minutes * 2) });
    };
    stay(6.6, 10);
    go(6.6, 6.6 + east(3000), 6);
    stay(6.6 + east(3000), 20);
    expectStatus(
      await admin.ingest(
        fixes.map((f) => ({ deviceId: device.id, fixTime: iso(f.t), lat: 46.5, lon: f.lon, speed: 30 })),
      ),
      200,
    );
    const range = `deviceId=${device.id}&from=${iso(Date.now() - 2 * 3600_000)}&to=${iso(Date.now() + MIN)}`;
    await waitFor(
      async () => (await admin.get(`/api/v1/reports/trips?${range}`)).body.items.length === 1,
      'the trip is derived',
    );

    await page.goto(`${server.url}/#/history/${device.id}`);
    const trips = page.getByRole('list', { name: 'Trips' });
    const trip = trips.getByRole('button');
    await trip.first().waitFor();
    expect(await trip.count()).toBe(1);
    await expect(trip.textContent()).resolves.toMatch(/3\.0 km/);
    await trip.click();
    await page.getByRole('slider', { name: 'Replay position' }).fill('40');
    await shot('05-history-trip');
    const exportLink = page.getByRole('link', { name: 'GPX' });
    const href = await exportLink.getAttribute('href');
    expect(href).toContain(`deviceId=${device.id}`);
    const gpx = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(gpx).toMatch(/<gpx[\s>]/);
  });

  it('creates a place by drawing a circle, and shows the enter event when a device goes in', async () => {
    await page.goto(`${server.url}/#/places`);
    await page.getByRole('button', { name: 'Draw circle' }).click();
    const canvas = page.locator('.maplibregl-canvas');
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx, cy);
    await page.mouse.move(cx + 80, cy);
    await shot('06-place-drawing');
    await page.mouse.click(cx + 80, cy);
    const form = page.getByRole('form', { name: 'New place' });
    await form.getByLabel('Name').fill('Yard');
    await form.getByRole('button', { name: 'Save place' }).click();
    await page.getByRole('list', { name: 'Places' }).getByRole('button', { name: 'Yard' }).waitFor();
    await shot('07-place-created');

    const place = expectStatus(await admin.get('/api/v1/places'), 200).items.find(
      (p: Json) => p.name === 'Yard',
    );
    expect(place.radius).toBeGreaterThan(0);
    expect(place.polygon).toBeNull();

    await page.goto(`${server.url}/#/events`);
    await page.getByLabel('Type').selectOption('place-enter');
    const now = Date.now();
    const outside = place.longitude + east(place.radius * 3);
    expectStatus(
      await admin.ingest(
        [outside, outside, place.longitude, place.longitude].map((lon, i) => ({
          vendor: 'phone',
          externalId: 'courier',
          fixTime: iso(now - (4 - i) * MIN),
          lat: place.latitude,
          lon,
        })),
      ),
      200,
    );
    // The device is named once the page has learned of it (its first position on the stream).
    await page.locator('tr.event-place-enter', { hasText: 'courier' }).waitFor();
    await shot('08-place-enter-event');

    await page.goto(`${server.url}/#/places`);
    await page.getByLabel('Device for place visits').selectOption({ label: 'courier' });
    const visits = page.getByRole('region', { name: 'Place visits' });
    await visits.getByText(/Yard: .* → inside/).waitFor();
  });

  it('draws a polygon place, renames it, and hides it once archived unless asked', async () => {
    await page.goto(`${server.url}/#/places`);
    await page.getByRole('button', { name: 'Draw polygon' }).click();
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const x = box.x + box.width / 4;
    const y = box.y + box.height / 4;
    for (const [dx, dy] of [
      [0, 0],
      [100, 0],
      [100, 80],
      [0, 80],
    ]) {
      await page.mouse.click(x + dx!, y + dy!);
    }
    await page.getByRole('button', { name: 'Finish shape' }).click();
    const form = page.getByRole('form', { name: 'New place' });
    await expect(form.textContent()).resolves.toMatch(/Polygon of 4 points/);
    await form.getByLabel('Name').fill('Field');
    await form.getByRole('button', { name: 'Save place' }).click();
    const places = page.getByRole('list', { name: 'Places' });
    await places.getByRole('button', { name: 'Field' }).waitFor();
    const created = expectStatus(await admin.get('/api/v1/places'), 200).items.find(
      (p: Json) => p.name === 'Field',
    );
    expect(created.polygon).toHaveLength(5);

    const editor = page.getByRole('region', { name: 'Place Field' });
    await editor.getByLabel('Name').fill('North field');
    await editor.getByRole('button', { name: 'Save' }).click();
    await places.getByRole('button', { name: 'North field' }).waitFor();
    await page
      .getByRole('region', { name: 'Place North field' })
      .getByRole('button', { name: 'Archive' })
      .click();
    await places.getByRole('button', { name: 'North field' }).waitFor({ state: 'detached' });
    await page.getByLabel('Show archived places').check();
    await places.getByRole('button', { name: /North field.*archived/ }).waitFor();
    await shot('07b-polygon-archived');
    expect(expectStatus(await admin.get(`/api/v1/places/${created.identifier}`), 200).archived).toBe(true);
  });

  it('shows the administration to an admin: devices moved between groups, a failing source with its error, users', async () => {
    const depot = expectStatus(await admin.post('/api/v1/groups', { name: 'Depot' }), 201);
    await page.goto(`${server.url}/#/admin/devices`);
    await page.getByRole('cell', { name: 'truck-1', exact: true }).waitFor();
    // Move a device to another group from its edit form.
    await page.getByRole('button', { name: 'Edit truck-1' }).click();
    await page.getByLabel('Group').selectOption({ label: 'Depot' });
    await page.getByRole('button', { name: 'Save' }).click();
    await waitFor(
      async () =>
        expectStatus(await admin.get('/api/v1/devices'), 200).items.some(
          (d: Json) => d.name === 'truck-1' && d.groupId === depot.id,
        ),
      'the device is moved',
    );
    await page
      .getByRole('row', { name: /truck-1/ })
      .getByRole('cell', { name: 'Depot', exact: true })
      .waitFor();
    await shot('09-admin-device-moved');

    // A SPOT feed whose cloud does not answer: nothing listens on port 1.
    const source = expectStatus(
      await admin.post('/api/v1/sources', {
        vendor: 'spot',
        kind: 'pull',
        name: 'Expedition',
        settings: { feedId: 'feed-1', baseUrl: 'http://127.0.0.1:1' },
      }),
      201,
    );
    await waitFor(
      async () => (await admin.get(`/api/v1/sources/${source.id}`)).body.lastError !== null,
      'the source fails',
    );
    await page.getByRole('link', { name: 'Sources' }).click();
    const row = page.getByRole('row', { name: /Expedition/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/spot \(pull\).*(backoff|failed).*failure/);
    await shot('09a-admin-failing-source');
    // A webhook to a receiver of our own: a test send shows in its delivery log.
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      req.setEncoding('utf8').on('data', (c: string) => received.push(c));
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expectStatus(await admin.post('/api/v1/webhooks', { name: 'Dispatch', url: hookUrl }), 201);
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('button', { name: 'Test send Dispatch' }).click();
      await waitFor(async () => received.length > 0, 'the receiver gets the test event');
      const log = page.getByRole('button', { name: 'Delivery log' });
      await log.click();
      await log.click();
      await page.getByRole('cell', { name: 'delivered', exact: true }).waitFor();
      await shot('09b-admin-webhook-log');
    } finally {
      receiver.close();
    }

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'admin', exact: true }).first().waitFor();
    await shot('09c-admin-users');
  });

  it('keeps the administration from a viewer', async () => {
    // Created as a manager, then made a viewer in the users table.
    const vic = expectStatus(
      await admin.post('/api/v1/users', { login: 'vic', role: 'manager', password: VIEWER_PASSWORD }),
      201,
    );
    await page.goto(`${server.url}/#/admin/users`);
    await page.reload();
    await page.getByLabel('Role of vic').selectOption('viewer');
    await waitFor(
      async () =>
        (await admin.get('/api/v1/users')).body.items.some(
          (u: Json) => u.id === vic.id && u.role === 'viewer',
        ),
      'vic is a viewer',
    );
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const viewer = await context.newPage();
    viewer.setDefaultTimeout(45_000);
    await signIn(viewer, 'vic', VIEWER_PASSWORD);
    await viewer.getByRole('button', { name: 'Sign out' }).waitFor();
    await viewer.getByRole('option', { name: /truck-1/ }).waitFor();
    await viewer.waitForFunction(`performance.getEntriesByName('trackway:devices-drawn').length > 0`);
    await viewer.screenshot({ path: join(ARTIFACTS, '10a-viewer-live-phone.png') });
    expect(await viewer.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await viewer.goto(`${server.url}/#/admin/users`);
    await viewer.getByText('Administration needs the manager or admin role.').waitFor();
    await viewer.screenshot({ path: join(ARTIFACTS, '10-viewer-no-admin-phone.png') });

    await viewer.goto(`${server.url}/#/account`);
    const form = viewer.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(VIEWER_PASSWORD);
    await form.getByLabel('New password (at least 10 characters)').fill('vic-new-password');
    await form.getByLabel('New password again').fill('vic-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await viewer.getByText('Password changed.', { exact: false }).waitFor();
    await viewer.screenshot({ path: join(ARTIFACTS, '11-viewer-password-changed.png') });
    await viewer.getByRole('button', { name: 'Sign out' }).click();
    await viewer.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });
});

/** Polls `condition` until it holds, failing after 20 s with `what`. */
async function waitFor(condition: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasChromium)(
  'the web map without a reachable base map',
  { timeout: BROWSER_TIMEOUT },
  () => {
    it('falls back to a plain background when the style URL cannot be loaded, and still draws the devices', async () => {
      ensureWebBuilt();
      // Nothing listens on port 1: the configured style fails as it would with no network.
      const server = await startServer({ env: { TRACKWAY_MAP_STYLE_URL: 'http://127.0.0.1:1/style.json' } });
      const browser = await launchBrowser();
      try {
        const admin = new Api(server.url, ADMIN_TOKEN);
        expectStatus(
          await admin.ingest([
            { vendor: 'phone', externalId: 'boat', fixTime: iso(Date.now()), lat: 46.4, lon: 6.5 },
          ]),
          200,
        );
        const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
        expect(
          (
            await context.request.post(`${server.url}/api/v1/session`, { data: { token: ADMIN_TOKEN } })
          ).status(),
        ).toBe(201);
        const page = await context.newPage();
        page.setDefaultTimeout(45_000);
        await page.goto(server.url);
        await page.getByRole('option', { name: /boat/ }).waitFor();
        await page.waitForFunction(`performance.getEntriesByName('trackway:devices-drawn').length > 0`);
        await page.screenshot({ path: join(ARTIFACTS, '12-style-unreachable-fallback.png') });
      } finally {
        await browser.close();
        await server.dispose();
      }
    });
  },
);
