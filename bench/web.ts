import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureWebBuilt, hasChromium, launchBrowser } from '../test/support/browser.ts';
import { startSqliteHub, type BenchHub } from './hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

/** The figures: 10,000 live devices, 1,000 positions per second arriving. */
const DEVICES = 10_000;
const RATE = 1_000;
const TICK_MS = 100;
const MEASURE_MS = 8_000;
const DRAWN_MARK = 'trackway:devices-drawn';

/** A box over Switzerland and its neighbours, so the devices cluster and spread as a fleet would. */
const at = (i: number) => ({
  lat: 45.8 + ((i * 7919) % 2000) / 1000,
  lon: 6 + ((i * 104_729) % 4500) / 1000,
});

/** Frame intervals in the page (requestAnimationFrame), over `ms`, while `during` runs in the bench process. */
async function frames(page: Page, ms: number, during: () => Promise<void>) {
  // A string, not a function: the TypeScript loader decorates functions with helpers the page does not have.
  const measuring = page.evaluate<number[]>(`new Promise((resolve) => {
    const times = [];
    const end = performance.now() + ${ms};
    const tick = (t) => {
      times.push(t);
      if (t < end) requestAnimationFrame(tick);
      else resolve(times.slice(1).map((x, i) => x - times[i]));
    };
    requestAnimationFrame(tick);
  })`);
  await during();
  return measuring;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;
const describe = (label: string, intervals: number[]) =>
  `${label}: ${intervals.length} frames, frame time p50 ${quantile(intervals, 0.5).toFixed(1)} ms, ` +
  `p95 ${quantile(intervals, 0.95).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms, ` +
  `${intervals.filter((x) => x > 50).length} over 50 ms`;

async function ingest(hub: BenchHub, records: unknown[]) {
  const res = await fetch(`${hub.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

/**
 * The web app in headless Chromium (software WebGL) against the real hub: time until 10,000 devices are first on
 * the map, then frame times while 1,000 positions a second stream in, against the same page with nothing arriving.
 */
async function webComparison(dir: string): Promise<Comparison> {
  ensureWebBuilt();
  const hub = await startSqliteHub(join(dir, 'hub'));
  const browser = await launchBrowser();
  try {
    const t0 = Date.now() - 60_000;
    for (let first = 0; first < DEVICES; first += 1000) {
      await ingest(
        hub,
        Array.from({ length: 1000 }, (_, k) => ({
          vendor: 'bench',
          externalId: `d${first + k}`,
          fixTime: new Date(t0).toISOString(),
          ...at(first + k),
          speed: 0,
        })),
      );
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const signIn = await context.request.post(`${hub.url}/api/v1/session`, { data: { token: hub.token } });
    if (!signIn.ok()) throw new Error(`sign-in answered ${signIn.status()}`);
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(hub.url);
    const mark = `performance.getEntriesByName('${DRAWN_MARK}')[0]`;
    await page.waitForFunction(`!!${mark}`, undefined, { timeout: 120_000, polling: 50 });
    const firstRender = await page.evaluate<{ at: number; devices: number }>(
      `({ at: ${mark}.startTime, devices: ${mark}.detail.devices })`,
    );
    const sinceGoto = (Date.now() - opened) / 1000;

    const idle = await frames(page, MEASURE_MS, async () => {});
    let sent = 0;
    const streaming = await frames(page, MEASURE_MS, async () => {
      // Batches leave on schedule whether or not the last one was answered, as independent senders would.
      const inFlight: Promise<void>[] = [];
      const n = (RATE * TICK_MS) / 1000;
      for (let tick = 0; tick < MEASURE_MS / TICK_MS; tick++) {
        const due = Date.now() + TICK_MS;
        const batch = Array.from({ length: n }, (_, k) => {
          const i = (tick * n + k) % DEVICES;
          const p = at(i);
          return {
            vendor: 'bench',
            externalId: `d${i}`,
            fixTime: new Date(t0 + 1000 + tick * TICK_MS + k).toISOString(),
            lat: p.lat + 0.001 * Math.sin(tick / 10),
            lon: p.lon + 0.001 * Math.cos(tick / 10),
            speed: 40,
          };
        });
        inFlight.push(ingest(hub, batch).then(() => void (sent += n)));
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      }
      await Promise.all(inFlight);
    });
    // Redraws alone, as many as the stream causes: the map dragged by two pixels every 400 ms, no data changing.
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const repaint = await frames(page, MEASURE_MS, async () => {
      const end = Date.now() + MEASURE_MS;
      for (let i = 0; Date.now() < end; i++) {
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        await page.mouse.move(x, y);
        await page.mouse.down();
        await page.mouse.move(x + (i % 2 ? -2 : 2), y, { steps: 1 });
        await page.mouse.up();
        await new Promise((r) => setTimeout(r, 400));
      }
    });
    const rate = sent / (MEASURE_MS / 1000);
    const timing = (label: string, intervals: number[]): Timing => ({
      label,
      rows: intervals.length,
      seconds: intervals.reduce((a, b) => a + b, 0) / 1000,
    });
    return {
      name: `web app: frames while ${Math.round(rate)} positions/s reach ${DEVICES.toLocaleString('en-US')} live devices (rows = frames)`,
      trackway: timing(`frames with ${Math.round(rate)} positions/s arriving`, streaming),
      baseline: timing('frames of the same page, nothing arriving', idle),
      rounds: [streaming.length / idle.length],
      notes: [
        `first render of ${firstRender.devices.toLocaleString('en-US')} devices: ${(firstRender.at / 1000).toFixed(2)} s after navigation start (${sinceGoto.toFixed(2)} s from goto, sign-in done)`,
        describe('streaming', streaming),
        describe('idle', idle),
        describe('redraws only (map dragged every 400 ms)', repaint),
        'headless Chromium with SwiftShader (software WebGL) on this CPU; the hub and the sender share it',
      ],
    };
  } finally {
    await browser.close();
    await hub.stop();
  }
}

export const webScenario: Scenario = {
  name: 'web',
  async run({ dir }) {
    if (!hasChromium) {
      console.log('\nweb: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium)');
      return [];
    }
    return [await webComparison(dir)];
  },
};
